//! Reading a whole project back from its tables.

use std::collections::BTreeMap;

use engine::edit::Object;
use engine::model::{
    AnswerValue, Call, CallKind, CallStyle, CustomQuestion, Module, Project, QuestionGroup,
    ReadinessAnswer, Service, Split, SplitOrigin, SubdomainKind,
};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::StoreError;

/// A project as stored: the model, its revision, and the revision that last
/// changed each object.
pub(super) struct Loaded {
    pub(super) revision: i64,
    pub(super) project: Project,
    pub(super) versions: BTreeMap<String, i64>,
    pub(super) participants: BTreeMap<String, String>,
}

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} '{value}'"))
}

fn list(text: &str) -> Result<Vec<String>, StoreError> {
    serde_json::from_str(text).map_err(|_| corrupt("list", text))
}

/// The stored spelling of enum values, through their serde names.
pub(super) fn enum_text<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn enum_value<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> Result<T, StoreError> {
    serde_json::from_value(serde_json::Value::String(text.to_string()))
        .map_err(|_| corrupt(what, text))
}

/// Loads a project (not deleted) on a connection, inside or outside a transaction.
pub(super) async fn load(conn: &mut AnyConnection, project_id: &str) -> Result<Loaded, StoreError> {
    let row = sqlx::query(
        "SELECT name, description, revision, generation FROM projects WHERE id = $1 AND deleted_at IS NULL",
    )
    .bind(project_id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(StoreError::NotFound("project"))?;
    let mut project = Project::new(row.try_get::<String, _>("name")?);
    project.description = row.try_get("description")?;
    let revision: i64 = row.try_get("revision")?;
    let generation: i64 = row.try_get("generation")?;
    let mut versions = BTreeMap::new();
    versions.insert(Object::Info.key(), revision);
    let mut version = |object: Object, row: &AnyRow| -> Result<(), StoreError> {
        versions.insert(object.key(), row.try_get("version")?);
        Ok(())
    };

    let rows = sqlx::query(
        "SELECT module_id, name, description, size, team, capability, subdomain, subdomain_kind, use_cases, reads, writes, entry_point, version \
         FROM modules WHERE project_id = $1 AND generation = $2 ORDER BY position",
    )
    .bind(project_id)
    .bind(generation)
    .fetch_all(&mut *conn)
    .await?;
    for row in &rows {
        let mut module = Module::new(row.try_get::<String, _>("module_id")?);
        module.name = row.try_get("name")?;
        module.description = row.try_get("description")?;
        module.size = row.try_get("size")?;
        module.team = row.try_get("team")?;
        module.capability = row.try_get("capability")?;
        module.subdomain = row.try_get("subdomain")?;
        module.subdomain_kind = row
            .try_get::<Option<String>, _>("subdomain_kind")?
            .map(|k| enum_value::<SubdomainKind>("subdomain kind", &k))
            .transpose()?;
        module.use_cases = list(&row.try_get::<String, _>("use_cases")?)?;
        module.reads = list(&row.try_get::<String, _>("reads")?)?;
        module.writes = list(&row.try_get::<String, _>("writes")?)?;
        module.entry_point = row.try_get::<i64, _>("entry_point")? != 0;
        version(
            Object::Module {
                id: module.id.clone(),
            },
            row,
        )?;
        project.modules.push(module);
    }

    let rows = sqlx::query(
        "SELECT caller, callee, volume, style, transactional, kind, source, version FROM calls WHERE project_id = $1 AND generation = $2 ORDER BY position",
    )
    .bind(project_id)
    .bind(generation)
    .fetch_all(&mut *conn)
    .await?;
    for row in &rows {
        let mut call = Call::new(
            row.try_get::<String, _>("caller")?,
            row.try_get::<String, _>("callee")?,
        );
        call.volume = row.try_get("volume")?;
        call.style = enum_value::<CallStyle>("call style", &row.try_get::<String, _>("style")?)?;
        call.transactional = row.try_get::<i64, _>("transactional")? != 0;
        call.kind = enum_value::<CallKind>("call kind", &row.try_get::<String, _>("kind")?)?;
        call.source = row.try_get("source")?;
        version(
            Object::Call {
                caller: call.caller.clone(),
                callee: call.callee.clone(),
            },
            row,
        )?;
        project.calls.push(call);
    }

    let rows = sqlx::query("SELECT split_id, name, origin, forbidden, version FROM splits WHERE project_id = $1 ORDER BY position")
        .bind(project_id)
        .fetch_all(&mut *conn)
        .await?;
    for row in &rows {
        let mut split = Split::new(
            row.try_get::<String, _>("name")?,
            enum_value::<SplitOrigin>("split origin", &row.try_get::<String, _>("origin")?)?,
        );
        split.id = row.try_get("split_id")?;
        split.forbidden = serde_json::from_str(&row.try_get::<String, _>("forbidden")?)
            .map_err(|e| StoreError::Corrupt(format!("forbidden: {e}")))?;
        version(
            Object::Split {
                id: split.id.clone(),
            },
            row,
        )?;
        project.splits.push(split);
    }
    let split_position = |project: &Project, id: &str| {
        project
            .splits
            .iter()
            .position(|s| s.id == id)
            .ok_or_else(|| corrupt("split", id))
    };
    let rows = sqlx::query(
        "SELECT split_id, service_id, name, description, version FROM services WHERE project_id = $1 ORDER BY position",
    )
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    for row in &rows {
        let split_id: String = row.try_get("split_id")?;
        let mut service = Service::new(
            row.try_get::<String, _>("service_id")?,
            row.try_get::<String, _>("name")?,
        );
        service.description = row.try_get("description")?;
        version(
            Object::Service {
                split: split_id.clone(),
                id: service.id.clone(),
            },
            row,
        )?;
        let ix = split_position(&project, &split_id)?;
        project.splits[ix].services.push(service);
    }
    let rows = sqlx::query(
        "SELECT split_id, module_id, service_id, version FROM assignments WHERE project_id = $1 ORDER BY position",
    )
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    for row in &rows {
        let split_id: String = row.try_get("split_id")?;
        let module: String = row.try_get("module_id")?;
        version(
            Object::Assignment {
                split: split_id.clone(),
                module: module.clone(),
            },
            row,
        )?;
        let ix = split_position(&project, &split_id)?;
        project.splits[ix]
            .assignment
            .insert(module, row.try_get("service_id")?);
    }

    let rows = sqlx::query("SELECT split_id, body, version FROM roadmaps WHERE project_id = $1")
        .bind(project_id)
        .fetch_all(&mut *conn)
        .await?;
    for row in &rows {
        let split_id: String = row.try_get("split_id")?;
        version(
            Object::Roadmap {
                split: split_id.clone(),
            },
            row,
        )?;
        let ix = split_position(&project, &split_id)?;
        project.splits[ix].roadmap = serde_json::from_str(&row.try_get::<String, _>("body")?)
            .map_err(|e| StoreError::Corrupt(format!("roadmap: {e}")))?;
    }

    let rows = sqlx::query(
        "SELECT question_id, question_group, ko, en, version FROM readiness_questions WHERE project_id = $1 ORDER BY position",
    )
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    for row in &rows {
        let question = CustomQuestion {
            id: row.try_get("question_id")?,
            group: enum_value::<QuestionGroup>(
                "question group",
                &row.try_get::<String, _>("question_group")?,
            )?,
            ko: row.try_get("ko")?,
            en: row.try_get("en")?,
        };
        version(
            Object::Question {
                id: question.id.clone(),
            },
            row,
        )?;
        project.readiness.custom_questions.push(question);
    }
    let rows = sqlx::query(
        "SELECT a.participant, a.question_id, a.answer, a.note, a.version, u.display_name \
         FROM readiness_answers a LEFT JOIN users u ON u.id = a.participant \
         WHERE a.project_id = $1 ORDER BY a.question_id, a.participant",
    )
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut participants = BTreeMap::new();
    for row in &rows {
        let answer = ReadinessAnswer {
            participant: row.try_get("participant")?,
            question: row.try_get("question_id")?,
            answer: enum_value::<AnswerValue>("answer", &row.try_get::<String, _>("answer")?)?,
            note: row.try_get("note")?,
        };
        let name: Option<String> = row.try_get("display_name")?;
        participants.insert(
            answer.participant.clone(),
            name.unwrap_or_else(|| answer.participant.clone()),
        );
        version(
            Object::Answer {
                participant: answer.participant.clone(),
                question: answer.question.clone(),
            },
            row,
        )?;
        project.readiness.answers.push(answer);
    }
    let bodies: Vec<String> =
        sqlx::query_scalar("SELECT body FROM layers WHERE project_id = $1 ORDER BY position")
            .bind(project_id)
            .fetch_all(&mut *conn)
            .await?;
    for body in bodies {
        project.layers.push(
            serde_json::from_str(&body).map_err(|e| StoreError::Corrupt(format!("layer: {e}")))?,
        );
    }
    Ok(Loaded {
        revision,
        project,
        versions,
        participants,
    })
}
