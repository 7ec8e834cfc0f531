//! The report's "agreement between splits": how close each split is to each
//! other one, in the measures the clustering literature reports, with each
//! measure defined and cited.

use super::document::{Block, Bullet, Cell, Column, Row, Section, Table};
use crate::agreement::{Agreement, MEASURES, Partition, agreement};
use crate::model::Project;
use crate::text::Language;

/// Up to this many splits get a matrix (the table grows with the square).
pub(super) const MATRIX_SPLITS: usize = 12;

/// The section, when the project has at least two splits.
pub(super) fn section(project: &Project, language: Language) -> Option<Section> {
    let t = |ko: &'static str, en: &'static str| language.pick(ko, en).to_string();
    let splits: Vec<_> = project.splits.iter().take(MATRIX_SPLITS).collect();
    if splits.len() < 2 {
        return None;
    }
    let partitions: Vec<Partition> = splits.iter().map(|s| Partition::of_split(s)).collect();
    // Every pair measured once; both matrices read from it.
    let measured: Vec<Vec<Option<Agreement>>> = partitions
        .iter()
        .map(|partition| {
            partitions
                .iter()
                .map(|reference| agreement(partition, reference).ok())
                .collect()
        })
        .collect();
    let matrix = |key: &'static str, title: String| {
        let mut columns = vec![Column::text(t("분해안 ＼ 기준", "Split \\ reference"))];
        columns.extend(splits.iter().map(|s| Column::number(s.name.clone())));
        let rows = splits
            .iter()
            .zip(&measured)
            .map(|(split, row)| {
                let mut cells = vec![Cell::from(split.name.clone())];
                cells.extend(row.iter().map(|a| {
                    Cell::from(a.as_ref().map_or_else(|| "—".to_string(), |a| a.shown(key)))
                }));
                Row {
                    metric: Some(key),
                    cells,
                }
            })
            .collect();
        vec![
            Block::Heading {
                level: 3,
                text: title,
            },
            Block::Table(Table {
                class: "agreement",
                columns,
                rows,
            }),
        ]
    };
    let mut blocks = vec![Block::Paragraph(t(
        "각 행의 분해안을 각 열의 분해안에 견준 값입니다. 기준에만 있는 요소는 'unobserved' 묶음으로, 기준에 없는 요소는 빼고 잽니다.",
        "Each row's split measured against each column's split. Elements only the reference places count as one cluster 'unobserved'; elements the reference does not list are left out.",
    ))];
    blocks.extend(matrix("mojofm", "MoJoFM".to_string()));
    blocks.extend(matrix(
        "ari",
        t("조정 랜드 지수 (ARI)", "Adjusted Rand index (ARI)"),
    ));
    if project.splits.len() > MATRIX_SPLITS {
        blocks.push(Block::Muted(format!(
            "{} {MATRIX_SPLITS}",
            t(
                "표에는 처음 분해안만 있습니다:",
                "Only the first splits are tabled:"
            )
        )));
    }
    blocks.push(Block::Heading {
        level: 3,
        text: t("측정값의 정의", "What the measures mean"),
    });
    blocks.push(Block::Bullets(
        MEASURES
            .iter()
            .map(|m| {
                Bullet::led(
                    m.name(language),
                    format!("{} ({})", m.definition(language), m.citation),
                )
            })
            .collect(),
    ));
    blocks.push(Block::Muted(t(
        "c2c와 NMI를 포함한 모든 값은 명령줄 도구(agreement 명령)로 볼 수 있습니다.",
        "Every measure, c2c and NMI included: seams agreement --reference REF --split SPLIT",
    )));
    Some(Section {
        id: "agreement".into(),
        class: "",
        title: t("분해안 사이의 일치도", "Agreement between splits"),
        blocks,
    })
}
