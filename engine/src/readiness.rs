//! The MSA-readiness checklist from the field note: five questions on necessity,
//! five on feasibility, the aggregate per group and a verdict that can say
//! "do not split yet".

use serde::Serialize;

use crate::model::{AnswerValue, QuestionGroup, Readiness};
use crate::text::Text;

/// A checklist question as written in the field note.
#[derive(Clone, Copy, Debug)]
pub struct StandardQuestion {
    /// Stable id: `n1`…`n5` for necessity, `f1`…`f5` for feasibility.
    pub id: &'static str,
    /// Which group it belongs to.
    pub group: QuestionGroup,
    /// The question in Korean (the field note's words).
    pub ko: &'static str,
    /// The question in English.
    pub en: &'static str,
}

/// The ten standard questions, in the field note's order.
pub const STANDARD_QUESTIONS: [StandardQuestion; 10] = [
    StandardQuestion {
        id: "n1",
        group: QuestionGroup::Necessity,
        ko: "개발, 배포시 다른 팀의 소스 혹은 공통 모듈 등으로 인한 일정 조율/커뮤니케이션이 방해될 정도인가?",
        en: "Do other teams' code or shared modules force so much schedule coordination that development and deployment suffer?",
    },
    StandardQuestion {
        id: "n2",
        group: QuestionGroup::Necessity,
        ko: "느려지는 개발, 배포 과정으로 인해 필요한 비즈니스 개발이 지연된 적이 있나? (Business Capabilities)",
        en: "Has slow development or deployment delayed business features you needed?",
    },
    StandardQuestion {
        id: "n3",
        group: QuestionGroup::Necessity,
        ko: "단 건의 배포로 인한 전체적인 영향도 파악이 어렵고, 실제로 놓친부분으로 인해 장애가 빈번하게 발생하는가?",
        en: "Is the impact of a single deployment hard to see, and do missed effects often cause incidents?",
    },
    StandardQuestion {
        id: "n4",
        group: QuestionGroup::Necessity,
        ko: "공통적으로 사용하는 모듈 수정시, 영향도 파악과 커뮤니케이션에 대한 부담이 압박으로 다가오나?",
        en: "Does changing a shared module weigh on you through impact analysis and communication?",
    },
    StandardQuestion {
        id: "n5",
        group: QuestionGroup::Necessity,
        ko: "주요 서비스로 인한 빈번한 DB 부하로 인해, 타 서비스에서 영향을 받은 적이 빈번한가?",
        en: "Do other parts often suffer from database load caused by a major service?",
    },
    StandardQuestion {
        id: "f1",
        group: QuestionGroup::Feasibility,
        ko: "엔지니어링 조직에서 MSA 구조와 각 서비스의 통신에 대한 기본적인 아키텍처를 이해하고 있나?",
        en: "Does engineering understand MSA structure and the basics of communication between services?",
    },
    StandardQuestion {
        id: "f2",
        group: QuestionGroup::Feasibility,
        ko: "CI/CD 파이프라인을 위한 Devops/SRE 조직이 별도로 존재하고 트러블 슈팅을 위한 인프라 지식이 있나?",
        en: "Is there a dedicated DevOps/SRE group for CI/CD with the infrastructure knowledge to troubleshoot?",
    },
    StandardQuestion {
        id: "f3",
        group: QuestionGroup::Feasibility,
        ko: "어려워진 트러블슈팅과 모니터링 난이도를 해결하기 위한 스택(EFK, Prometheus, Elastic Search, Grafana,..)들을 구축을 적절하게 할수 있는 상황인가?",
        en: "Can you build the stack (EFK, Prometheus, Elasticsearch, Grafana, …) that harder troubleshooting and monitoring need?",
    },
    StandardQuestion {
        id: "f4",
        group: QuestionGroup::Feasibility,
        ko: "MSA/Cloud 환경에 대한 적절한 보안을 책임질 수 있는 보안 담당자가 존재하나?",
        en: "Is there someone who can own security for an MSA/cloud environment?",
    },
    StandardQuestion {
        id: "f5",
        group: QuestionGroup::Feasibility,
        ko: "사내 엔지니어링 최고 책임자가 MSA 전환에 대한 충분한 필요성을 느끼고 공감하나?",
        en: "Does the head of engineering feel and share the need for the transition?",
    },
];

/// A question's score below this counts as "not established" (no / partly leaning no).
pub const PASS_MARK: f64 = 0.5;

/// The aggregate of one question over all participants.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuestionResult {
    /// The question id.
    pub id: String,
    /// Its group.
    pub group: QuestionGroup,
    /// The question text.
    pub text: Text,
    /// Mean of yes = 1, partly = 0.5, no = 0 over those who knew; `None` when
    /// nobody answered other than "don't know".
    pub score: Option<f64>,
    /// How many answered yes, partly, no, don't know.
    pub counts: [usize; 4],
}

/// What the checklist concludes.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Verdict {
    /// Nobody has answered yet.
    NotAnswered,
    /// The need is not established: stay with a (modular) monolith.
    StayMonolith,
    /// The need is there but these feasibility items are not: build them first.
    FoundationsFirst {
        /// Ids of the feasibility questions that fail.
        missing: Vec<String>,
    },
    /// Need and feasibility are both established.
    Go,
}

impl Verdict {
    /// A one-line statement of the verdict in both languages.
    pub fn headline(&self, results: &[QuestionResult]) -> Text {
        match self {
            Verdict::NotAnswered => Text::new(
                "아직 답변이 없습니다: 체크리스트부터 함께 작성하세요.",
                "No answers yet: work through the checklist together first.",
            ),
            Verdict::StayMonolith => Text::new(
                "지금은 (모듈러) 모놀리스를 유지하세요: 분해가 필요하다는 근거가 부족합니다.",
                "Stay with a (modular) monolith for now: the need to split is not established.",
            ),
            Verdict::FoundationsFirst { missing } => {
                let names = |language: &str| {
                    missing
                        .iter()
                        .filter_map(|id| results.iter().find(|r| &r.id == id))
                        .map(|r| r.text.get(language).to_string())
                        .collect::<Vec<_>>()
                        .join(" / ")
                };
                Text::new(
                    format!("기반부터 갖추세요: {}", names("ko")),
                    format!("Build the foundations first: {}", names("en")),
                )
            }
            Verdict::Go => Text::new(
                "진행하세요: 필요성과 가능 여부가 모두 확인되었습니다.",
                "Go: both the need and the ability to run microservices are established.",
            ),
        }
    }
}

/// The whole checklist result: per question, per group and the verdict.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReadinessReport {
    /// Every question (standard first, then the project's own).
    pub questions: Vec<QuestionResult>,
    /// Mean score of the necessity questions that have a score.
    pub necessity: Option<f64>,
    /// Mean score of the feasibility questions that have a score.
    pub feasibility: Option<f64>,
    /// The conclusion.
    pub verdict: Verdict,
    /// The conclusion in words.
    pub headline: Text,
    /// How many different people answered.
    pub participants: usize,
}

/// Aggregates everyone's answers into per-question scores, group scores and a verdict.
///
/// Rules: a question passes when its score is at least [`PASS_MARK`]. Without a
/// passing necessity score the verdict is to stay with a monolith; with it, every
/// feasibility question must pass (unanswered ones fail), otherwise the failing
/// ones are named as foundations to build first.
pub fn evaluate(readiness: &Readiness) -> ReadinessReport {
    let standard = STANDARD_QUESTIONS
        .iter()
        .map(|q| (q.id.to_string(), q.group, Text::new(q.ko, q.en)));
    let custom = readiness
        .custom_questions
        .iter()
        .map(|q| (q.id.clone(), q.group, Text::new(q.ko.clone(), q.en.clone())));
    let questions: Vec<QuestionResult> = standard
        .chain(custom)
        .map(|(id, group, text)| {
            let mut counts = [0usize; 4];
            for answer in readiness.answers.iter().filter(|a| a.question == id) {
                counts[answer_index(answer.answer)] += 1;
            }
            let score = counts_score(&counts);
            QuestionResult {
                id,
                group,
                text,
                score,
                counts,
            }
        })
        .collect();
    let group_mean = |group: QuestionGroup| {
        let scores: Vec<f64> = questions
            .iter()
            .filter(|q| q.group == group)
            .filter_map(|q| q.score)
            .collect();
        (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64)
    };
    let necessity = group_mean(QuestionGroup::Necessity);
    let feasibility = group_mean(QuestionGroup::Feasibility);
    let mut people: Vec<&str> = readiness
        .answers
        .iter()
        .map(|a| a.participant.as_str())
        .collect();
    people.sort_unstable();
    people.dedup();

    let verdict = if readiness.answers.is_empty() {
        Verdict::NotAnswered
    } else if necessity.is_none_or(|score| score < PASS_MARK) {
        Verdict::StayMonolith
    } else {
        let missing: Vec<String> = questions
            .iter()
            .filter(|q| q.group == QuestionGroup::Feasibility)
            .filter(|q| q.score.is_none_or(|score| score < PASS_MARK))
            .map(|q| q.id.clone())
            .collect();
        if missing.is_empty() {
            Verdict::Go
        } else {
            Verdict::FoundationsFirst { missing }
        }
    };
    let headline = verdict.headline(&questions);
    ReadinessReport {
        questions,
        necessity,
        feasibility,
        verdict,
        headline,
        participants: people.len(),
    }
}

/// Mean of yes = 1, partly = 0.5, no = 0 over the answers counted as
/// yes, partly, no, don't know; `None` when nobody knew.
pub fn counts_score(counts: &[usize; 4]) -> Option<f64> {
    let known = counts[0] + counts[1] + counts[2];
    (known > 0).then(|| (counts[0] as f64 + 0.5 * counts[1] as f64) / known as f64)
}

/// The position of an answer in the counts: yes, partly, no, don't know.
pub fn answer_index(answer: AnswerValue) -> usize {
    match answer {
        AnswerValue::Yes => 0,
        AnswerValue::Partly => 1,
        AnswerValue::No => 2,
        AnswerValue::DontKnow => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ReadinessAnswer;

    fn answer(participant: &str, question: &str, answer: AnswerValue) -> ReadinessAnswer {
        ReadinessAnswer {
            participant: participant.into(),
            question: question.into(),
            answer,
            note: String::new(),
        }
    }

    fn all(participant: &str, group: char, value: AnswerValue) -> Vec<ReadinessAnswer> {
        (1..=5)
            .map(|i| answer(participant, &format!("{group}{i}"), value))
            .collect()
    }

    #[test]
    fn no_answers_means_not_answered() {
        let report = evaluate(&Readiness::default());
        assert_eq!(report.verdict, Verdict::NotAnswered);
        assert_eq!(report.questions.len(), 10);
        assert_eq!(report.participants, 0);
    }

    #[test]
    fn without_need_stay_with_the_monolith() {
        let mut answers = all("kim", 'n', AnswerValue::No);
        answers.extend(all("kim", 'f', AnswerValue::Yes));
        let report = evaluate(&Readiness {
            answers,
            ..Readiness::default()
        });
        assert_eq!(report.verdict, Verdict::StayMonolith);
        assert_eq!(report.necessity, Some(0.0));
        assert_eq!(report.feasibility, Some(1.0));
    }

    #[test]
    fn need_without_foundations_names_what_is_missing() {
        let mut answers = all("kim", 'n', AnswerValue::Yes);
        answers.extend(all("kim", 'f', AnswerValue::Yes));
        answers.retain(|a| a.question != "f3");
        answers.push(answer("kim", "f2", AnswerValue::No));
        answers.push(answer("lee", "f2", AnswerValue::No));
        let report = evaluate(&Readiness {
            answers,
            ..Readiness::default()
        });
        // f2: yes, no, no → 1/3 fails; f3 unanswered fails.
        assert_eq!(
            report.verdict,
            Verdict::FoundationsFirst {
                missing: vec!["f2".into(), "f3".into()]
            }
        );
        assert!(
            report
                .headline
                .en
                .starts_with("Build the foundations first: Is there a dedicated DevOps")
        );
        assert_eq!(report.participants, 2);
    }

    #[test]
    fn need_and_foundations_mean_go_and_dont_know_is_not_counted() {
        let mut answers = all("kim", 'n', AnswerValue::Partly);
        answers.extend(all("kim", 'f', AnswerValue::Yes));
        answers.push(answer("park", "f1", AnswerValue::DontKnow));
        let report = evaluate(&Readiness {
            answers,
            ..Readiness::default()
        });
        assert_eq!(report.verdict, Verdict::Go);
        let f1 = &report.questions[5];
        assert_eq!(f1.counts, [1, 0, 0, 1]);
        assert_eq!(f1.score, Some(1.0));
    }
}
