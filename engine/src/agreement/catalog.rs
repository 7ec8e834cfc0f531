//! What each agreement measure means and where it comes from, in both
//! languages: the compare page and the report show the same words.

use crate::text::Language;

/// One agreement measure as the interface explains it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MeasureInfo {
    /// The key (`mojofm`, `c2c_50`, …), as in `seams agreement --format csv`.
    pub key: &'static str,
    name: [&'static str; 2],
    definition: [&'static str; 2],
    /// The publication that defines it.
    pub citation: &'static str,
    /// Whether more is better (MoJo is a distance: less is better).
    pub higher_is_better: bool,
}

impl MeasureInfo {
    /// Its name.
    pub fn name(&self, language: Language) -> &'static str {
        self.name[language as usize]
    }

    /// What it measures.
    pub fn definition(&self, language: Language) -> &'static str {
        self.definition[language as usize]
    }
}

/// Every measure, in the order tables show them.
pub const MEASURES: [MeasureInfo; 7] = [
    MeasureInfo {
        key: "mojo",
        name: ["MoJo", "MoJo"],
        definition: [
            "이 분해안을 기준 분해안으로 바꾸는 데 필요한 최소 이동(모듈 하나를 옮김)과 합치기(서비스 둘을 합침) 횟수.",
            "The least number of Move (one module to another service) and Join (two services into one) operations that turn this split into the reference.",
        ],
        citation: "Tzerpos & Holt, WCRE 1999; Wen & Tzerpos, IWPC 2003",
        higher_is_better: false,
    },
    MeasureInfo {
        key: "mojofm",
        name: ["MoJoFM", "MoJoFM"],
        definition: [
            "(1 − MoJo / 어떤 분해안이든 가질 수 있는 최대 MoJo) × 100. 100이면 기준과 같습니다.",
            "(1 − MoJo / the largest MoJo any split can have) × 100; 100 means the same as the reference.",
        ],
        citation: "Wen & Tzerpos, IWPC 2004",
        higher_is_better: true,
    },
    MeasureInfo {
        key: "c2c_50",
        name: ["c2c 50%", "c2c 50%"],
        definition: [
            "기준의 어떤 서비스와 큰 쪽 크기의 50%를 넘게 겹치는 서비스의 비율.",
            "Share of this split's services that overlap some reference service by more than 50% of the larger of the two.",
        ],
        citation: "Bittencourt & Guerrero, CSMR 2009; Garcia et al., ASE 2013",
        higher_is_better: true,
    },
    MeasureInfo {
        key: "c2c_33",
        name: ["c2c 33%", "c2c 33%"],
        definition: [
            "같은 겹침이 33%를 넘는 서비스의 비율.",
            "The same, with an overlap above 33%.",
        ],
        citation: "Bittencourt & Guerrero, CSMR 2009; Garcia et al., ASE 2013",
        higher_is_better: true,
    },
    MeasureInfo {
        key: "c2c_10",
        name: ["c2c 10%", "c2c 10%"],
        definition: [
            "같은 겹침이 10%를 넘는 서비스의 비율.",
            "The same, with an overlap above 10%.",
        ],
        citation: "Bittencourt & Guerrero, CSMR 2009; Garcia et al., ASE 2013",
        higher_is_better: true,
    },
    MeasureInfo {
        key: "ari",
        name: ["조정 랜드 지수 (ARI)", "Adjusted Rand index (ARI)"],
        definition: [
            "두 분해안이 모듈 쌍을 같은 서비스에 두는지에 대한 일치도에서 우연에 의한 일치를 뺀 값. 1이면 같고 0 근처면 우연 수준입니다.",
            "Agreement on which module pairs share a service, corrected for chance: 1 is identical, about 0 is chance.",
        ],
        citation: "Hubert & Arabie, Journal of Classification 1985",
        higher_is_better: true,
    },
    MeasureInfo {
        key: "nmi",
        name: [
            "정규화 상호 정보량 (NMI)",
            "Normalised mutual information (NMI)",
        ],
        definition: [
            "두 분해안의 상호 정보량을 두 엔트로피의 산술 평균으로 나눈 값 (0–1).",
            "Mutual information of the two splits divided by the arithmetic mean of their entropies (0–1).",
        ],
        citation: "Strehl & Ghosh, JMLR 2002; Vinh et al., JMLR 2010",
        higher_is_better: true,
    },
];

impl super::Agreement {
    /// The value of a measure by its key (`None` for an unknown key).
    pub fn value(&self, key: &str) -> Option<f64> {
        Some(match key {
            "mojo" => self.mojo as f64,
            "mojofm" => self.mojofm,
            "c2c_50" => self.c2c_50,
            "c2c_33" => self.c2c_33,
            "c2c_10" => self.c2c_10,
            "ari" => self.ari,
            "nmi" => self.nmi,
            _ => return None,
        })
    }

    /// A measure's value as tables print it (MoJo whole, ARI and NMI to four
    /// decimals, percentages to two).
    pub fn shown(&self, key: &str) -> String {
        match (key, self.value(key)) {
            ("mojo", Some(v)) => format!("{v:.0}"),
            ("ari" | "nmi", Some(v)) => format!("{v:.4}"),
            (_, Some(v)) => format!("{v:.2}"),
            (_, None) => String::new(),
        }
    }
}
