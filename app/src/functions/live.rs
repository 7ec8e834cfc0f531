//! Live workshop actions: where I am, voting rounds, the timer and "bring
//! everyone here". Each one announces its change, so every open page of the
//! project (in every server process) hears about it at once. Facilitating —
//! opening, revealing and closing votes, the timer, bringing everyone — is for
//! owners and editors; everyone may vote.

use leptos::prelude::*;
use server_fn::codec::Json;

use crate::errors::AppError;

/// The topic of the "which split do we prefer" vote.
pub const SPLIT_TOPIC: &str = "split";

/// The topic of a vote on a readiness question.
pub fn readiness_topic(question: &str) -> String {
    format!("readiness:{question}")
}

/// The readiness question of a topic, if it is one.
pub fn topic_question(topic: &str) -> Option<&str> {
    topic.strip_prefix("readiness:")
}

/// The topic of a vote between two extraction orders of a split's roadmap.
pub fn roadmap_topic(split: &str) -> String {
    format!("roadmap:{split}")
}

/// The split of a roadmap topic, if it is one.
pub fn topic_roadmap(topic: &str) -> Option<&str> {
    topic.strip_prefix("roadmap:")
}

/// The vote for an extraction order (its service ids, in order).
pub fn order_vote(services: &[String]) -> String {
    format!(
        "order:{}",
        serde_json::to_string(services).unwrap_or_default()
    )
}

/// The extraction order a vote stands for, if it is an order vote.
pub fn vote_order(value: &str) -> Option<Vec<String>> {
    serde_json::from_str(value.strip_prefix("order:")?).ok()
}

/// Longest workshop timer, in minutes.
pub const MAX_TIMER_MINUTES: u32 = 240;

/// The refusal of a timer length outside 1 to [`MAX_TIMER_MINUTES`] minutes,
/// shared by the page (before sending) and the server.
pub fn timer_minutes_refused() -> AppError {
    AppError::invalid(
        format!("타이머는 1분에서 {MAX_TIMER_MINUTES}분까지 맞출 수 있습니다"),
        format!("the timer runs for 1 to {MAX_TIMER_MINUTES} minutes"),
    )
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::errors::AppError;
    use crate::models::Role;
    use crate::ssr::auth::state;
    use crate::ssr::caller::Caller;
    use crate::ssr::fail;
    use crate::store::{Change, UserRecord};

    /// The caller, who must have at least `role` in the project.
    pub async fn member(project: &str, role: Role) -> Result<UserRecord, AppError> {
        Ok(Caller::current().await?.project(project, role).await?.user)
    }

    /// Tells the project's open pages; a failure only delays them (they catch up).
    pub async fn announce(project: &str, change: Change) -> Result<(), AppError> {
        if let Err(error) = state()?.hub.publish(project, change).await {
            tracing::warn!(%error, "announcing a live change");
        }
        Ok(())
    }

    /// Whether `value` is a valid vote on `topic` in the project.
    pub async fn check_vote(project: &str, topic: &str, value: &str) -> Result<(), AppError> {
        let valid = if super::topic_question(topic).is_some() {
            serde_json::from_value::<engine::model::AnswerValue>(serde_json::Value::String(
                value.to_string(),
            ))
            .is_ok()
        } else if let Some(split) = super::topic_roadmap(topic) {
            let doc = state()?.db.project_doc(project, Role::Viewer).await?;
            let order = super::vote_order(value);
            doc.project
                .split_by_id(split)
                .zip(order)
                .is_some_and(|(split, order)| {
                    let mut given: Vec<&str> = order.iter().map(String::as_str).collect();
                    let mut services: Vec<&str> =
                        split.services.iter().map(|s| s.id.as_str()).collect();
                    given.sort_unstable();
                    services.sort_unstable();
                    given == services
                })
        } else {
            let doc = state()?.db.project_doc(project, Role::Viewer).await?;
            doc.project.splits.iter().any(|s| s.id == value)
        };
        if valid {
            Ok(())
        } else {
            Err(fail(AppError::invalid(
                "선택지에 없는 답입니다",
                "this is not one of the choices",
            )))
        }
    }

    /// Whether the topic names something in the project.
    pub async fn check_topic(project: &str, topic: &str) -> Result<(), AppError> {
        let doc = state()?.db.project_doc(project, Role::Viewer).await?;
        let known = match (super::topic_question(topic), super::topic_roadmap(topic)) {
            (Some(question), _) => engine::readiness::evaluate(&doc.project.readiness)
                .questions
                .iter()
                .any(|q| q.id == question),
            (None, Some(split)) => doc
                .project
                .split_by_id(split)
                .is_some_and(|s| s.services.len() >= 2),
            (None, None) => topic == super::SPLIT_TOPIC && doc.project.splits.len() >= 2,
        };
        if known {
            Ok(())
        } else {
            Err(fail(AppError::invalid(
                "여기에는 투표할 것이 없습니다 (분해안 투표에는 분해안이, 순서 투표에는 서비스가 두 개 필요합니다)",
                "there is nothing to vote on here (a split vote needs two splits, an order vote two services)",
            )))
        }
    }
}

/// Tells the others which page of the project I have open.
#[server(endpoint = "live/page", input = Json)]
pub async fn live_page(project: String, page: String) -> Result<(), AppError> {
    use crate::models::Role;
    use crate::store::Change;
    let user = ssr::member(&project, Role::Viewer).await?;
    let page: String = page.chars().take(200).collect();
    crate::ssr::auth::state()?
        .db
        .presence_page(&project, &user.id, &page)
        .await?;
    ssr::announce(&project, Change::Presence).await
}

/// Opens a voting round on a topic (a new round closes the topic's last one).
#[server(endpoint = "live/vote/open", input = Json)]
pub async fn open_vote(project: String, topic: String) -> Result<String, AppError> {
    use crate::models::Role;
    use crate::store::Change;
    let user = ssr::member(&project, Role::Facilitator).await?;
    ssr::check_topic(&project, &topic).await?;
    let id = crate::ssr::auth::state()?
        .db
        .open_vote(&project, &topic, &user.id)
        .await?;
    ssr::announce(&project, Change::Votes).await?;
    Ok(id)
}

/// Casts (or changes) my hidden vote in an open round.
#[server(endpoint = "live/vote/cast", input = Json)]
pub async fn cast_vote(project: String, round: String, value: String) -> Result<(), AppError> {
    use crate::models::Role;
    use crate::ssr::fail;
    use crate::store::Change;
    let user = ssr::member(&project, Role::Viewer).await?;
    let db = crate::ssr::auth::state()?.db;
    let topic = db
        .open_round_topic(&project, &round)
        .await?
        .ok_or_else(|| fail(AppError::not_found("진행 중인 투표", "the open vote")))?;
    ssr::check_vote(&project, &topic, &value).await?;
    db.cast_vote(&project, &round, &user.id, &value).await?;
    ssr::announce(&project, Change::Votes).await
}

/// Shows everyone's votes of a round.
#[server(endpoint = "live/vote/reveal", input = Json)]
pub async fn reveal_vote(project: String, round: String) -> Result<(), AppError> {
    use crate::models::Role;
    use crate::store::Change;
    ssr::member(&project, Role::Facilitator).await?;
    crate::ssr::auth::state()?
        .db
        .reveal_vote(&project, &round)
        .await?;
    ssr::announce(&project, Change::Votes).await
}

/// Ends a round without recording it.
#[server(endpoint = "live/vote/close", input = Json)]
pub async fn close_vote(project: String, round: String) -> Result<(), AppError> {
    use crate::models::Role;
    use crate::store::Change;
    ssr::member(&project, Role::Facilitator).await?;
    crate::ssr::auth::state()?
        .db
        .close_vote(&project, &round)
        .await?;
    ssr::announce(&project, Change::Votes).await
}

/// Records a revealed readiness vote as each voter's checklist answer (keeping
/// their notes), then ends the round. Returns how many answers were recorded.
#[server(endpoint = "live/vote/record", input = Json)]
pub async fn record_votes(project: String, round: String) -> Result<usize, AppError> {
    use engine::edit::Edit;
    use engine::model::AnswerValue;

    use crate::models::Role;
    use crate::ssr::fail;
    use crate::store::Change;
    let facilitator = ssr::member(&project, Role::Facilitator).await?;
    let db = crate::ssr::auth::state()?.db;
    let (topic, votes) = db.revealed_votes(&project, &round).await?;
    let Some(question) = topic_question(&topic).map(str::to_string) else {
        return Err(fail(AppError::invalid(
            "준비도 투표만 체크리스트 답이 됩니다",
            "only readiness votes become checklist answers",
        )));
    };
    let mut recorded = 0;
    for (participant, value) in votes {
        let Ok(answer) = serde_json::from_value::<AnswerValue>(serde_json::Value::String(value))
        else {
            continue;
        };
        let doc = db.project_doc(&project, Role::Viewer).await?;
        let note = doc
            .project
            .readiness
            .answers
            .iter()
            .find(|a| a.participant == participant && a.question == question)
            .map(|a| a.note.clone())
            .unwrap_or_default();
        let edit = Edit::Answer {
            participant,
            question: question.clone(),
            answer: Some(answer),
            note,
        };
        db.apply_edit(&project, &facilitator, doc.revision, &edit)
            .await?;
        recorded += 1;
    }
    db.close_vote(&project, &round).await?;
    ssr::announce(&project, Change::Votes).await?;
    Ok(recorded)
}

/// Starts (or restarts) the workshop timer for everyone.
#[server(endpoint = "live/timer/start", input = Json)]
pub async fn start_timer(project: String, minutes: u32, label: String) -> Result<(), AppError> {
    use crate::models::Role;
    use crate::ssr::fail;
    use crate::store::{Change, now_millis};
    let user = ssr::member(&project, Role::Facilitator).await?;
    if minutes == 0 || minutes > MAX_TIMER_MINUTES {
        return Err(fail(timer_minutes_refused()));
    }
    let label: String = label.trim().chars().take(100).collect();
    let ends_at = now_millis() + i64::from(minutes) * 60_000;
    crate::ssr::auth::state()?
        .db
        .start_timer(&project, &label, ends_at, &user.id)
        .await?;
    ssr::announce(&project, Change::Timer).await
}

/// Stops the workshop timer.
#[server(endpoint = "live/timer/stop", input = Json)]
pub async fn stop_timer(project: String) -> Result<(), AppError> {
    use crate::models::Role;
    use crate::store::Change;
    ssr::member(&project, Role::Facilitator).await?;
    crate::ssr::auth::state()?.db.stop_timer(&project).await?;
    ssr::announce(&project, Change::Timer).await
}

/// Asks everyone on the project to come to a page of it (they may opt out).
#[server(endpoint = "live/follow", input = Json)]
pub async fn bring_everyone(project: String, path: String) -> Result<(), AppError> {
    use crate::models::Role;
    use crate::ssr::fail;
    use crate::store::Change;
    let user = ssr::member(&project, Role::Facilitator).await?;
    let base = format!("/p/{project}");
    let inside = path == base || path.starts_with(&format!("{base}/"));
    if !inside || path.len() > 200 || crate::local_path::local_path(&path).is_none() {
        return Err(fail(AppError::invalid(
            "이 프로젝트의 페이지만 함께 볼 수 있습니다",
            "only pages of this project can be shared",
        )));
    }
    ssr::announce(
        &project,
        Change::Follow {
            path,
            by: user.display_name,
            by_id: user.id,
        },
    )
    .await
}
