//! The roadmap section of the report: the readiness warning when the
//! checklist does not say go, the order and its cost rule, the steps with the
//! metrics of the state each leaves, and per step what it needs.

use super::document::{Block, Bullet, Column, Row, Table};
use crate::metrics::format_value;
use crate::roadmap::{Item, ItemKind, Roadmap, RoadmapError, Step, first_items, item_counts};
use crate::text::Language;

/// At most this many items of one kind are listed per step; the tasks
/// export (CSV, JSON) has them all.
pub const LISTED_PER_STEP: usize = 8;

/// The roadmap's blocks, headed at `level` (its steps one level deeper).
pub fn blocks(
    roadmap: Result<&Roadmap, &RoadmapError>,
    language: Language,
    level: u8,
) -> Vec<Block> {
    let t = |ko: &'static str, en: &'static str| language.pick(ko, en).to_string();
    let mut blocks = vec![Block::Heading {
        level,
        text: t("전환 로드맵", "Migration roadmap"),
    }];
    let roadmap = match roadmap {
        Ok(roadmap) => roadmap,
        Err(error) => {
            blocks.push(Block::Paragraph(format!(
                "{} {}",
                t(
                    "로드맵을 세울 수 없습니다:",
                    "The roadmap cannot be planned:"
                ),
                error.text().in_language(language)
            )));
            return blocks;
        }
    };
    if !roadmap.readiness.go {
        blocks.push(Block::Callout(format!(
            "{} {}",
            t("준비도가 먼저입니다:", "Readiness comes first:"),
            roadmap.readiness.headline.in_language(language)
        )));
    }
    blocks.push(Block::Paragraph(format!(
        "{}: {}. {} {}: {}.",
        t("순서", "Order"),
        roadmap.method_text.in_language(language),
        roadmap.cost_rule.in_language(language),
        t("비용 합계", "Total cost"),
        format_value(roadmap.total_cost)
    )));
    blocks.push(Block::Table(steps_table(roadmap, language)));
    for step in &roadmap.steps {
        blocks.extend(step_blocks(step, language, level + 1));
    }
    blocks.push(Block::Heading {
        level: level + 1,
        text: t("작업을 정한 규칙", "How the tasks are sized"),
    });
    blocks.push(Block::Bullets(
        roadmap
            .rules
            .iter()
            .map(|rule| Bullet::plain(rule.in_language(language)))
            .collect(),
    ));
    blocks
}

fn steps_table(roadmap: &Roadmap, language: Language) -> Table {
    let t = |ko: &'static str, en: &'static str| language.pick(ko, en).to_string();
    Table {
        class: "roadmap",
        columns: vec![
            Column::number(t("단계", "Step")),
            Column::text(t("빼낼 서비스", "Services out")),
            Column::number(t("비용", "Cost")),
            Column::number(t("원격 호출량 %", "Remote volume %")),
            Column::number(t("분산 쓰기", "Distributed writes")),
            Column::number(t("순환", "Cycles")),
            Column::number(t("새 원격 호출", "New remote calls")),
            Column::text(t("담당", "Owner")),
        ],
        rows: roadmap
            .steps
            .iter()
            .map(|step| {
                Row::of([
                    step.number.to_string(),
                    step.services.join(", "),
                    format_value(step.cost),
                    format!("{:.1}", step.cost_parts.remote_volume_share * 100.0),
                    step.cost_parts.distributed_writes.to_string(),
                    step.cost_parts.cycles.to_string(),
                    step.needs.new_remote_calls.len().to_string(),
                    step.owner.clone(),
                ])
            })
            .collect(),
    }
}

/// The first items of a kind joined, with how many more of the `count` there are.
fn listed(items: &[&Item], count: usize, language: Language) -> String {
    let mut text: Vec<String> = items
        .iter()
        .map(|item| format!("{} — {}", item.title, item.details))
        .collect();
    if count > items.len() {
        text.push(format!(
            "{} {}",
            count - items.len(),
            language.pick("건 더", "more")
        ));
    }
    text.join("; ")
}

fn step_blocks(step: &Step, language: Language, level: u8) -> Vec<Block> {
    let t = |ko: &'static str, en: &'static str| language.pick(ko, en).to_string();
    let mut blocks = vec![Block::Heading {
        level,
        text: format!(
            "{} {}: {}",
            t("단계", "Step"),
            step.number,
            step.services.join(", ")
        ),
    }];
    if let Some(together) = &step.together {
        blocks.push(Block::Muted(together.in_language(language).to_string()));
    }
    if !step.owner.is_empty() || !step.note.is_empty() {
        blocks.push(Block::Paragraph(format!(
            "{}: {} · {}",
            t("담당", "Owner"),
            step.owner,
            step.note
        )));
    }
    // Sagas are each described in full; of every other kind a few are listed.
    let items = first_items(step, language, |kind| {
        if kind == ItemKind::Saga {
            usize::MAX
        } else {
            LISTED_PER_STEP
        }
    });
    let mut bullets = Vec::new();
    for (kind, count) in ItemKind::ALL.into_iter().zip(item_counts(step)) {
        let of_kind: Vec<&Item> = items.iter().filter(|i| i.kind == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        if kind == ItemKind::Saga {
            bullets.extend(of_kind.iter().map(|saga| {
                Bullet::led(
                    format!("{}: {}", kind.one(language), saga.title),
                    saga.details.clone(),
                )
            }));
        } else {
            bullets.push(Bullet::led(
                format!("{} ({count})", kind.all(language)),
                listed(&of_kind, count, language),
            ));
        }
    }
    blocks.push(Block::Bullets(bullets));
    blocks
}
