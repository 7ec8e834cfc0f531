//! `POST /api/scan`: an uploaded archive of source code read into a project
//! for the "from source code" page. Nothing is stored: the answer is a
//! preview and the project's JSON, which the page creates when the user says so.
//!
//! The archive is unpacked within the scan limits before anything is answered,
//! so a hostile one (a zip bomb, `../` paths, links, too many files) is refused
//! with its status and one message. Then the answer streams as server-sent
//! events: how many source files are parsed, every quarter second, and the
//! preview at the end. Scans run one at a time on a pool of their own (each
//! may unpack up to a gigabyte), so the rest of the server keeps answering.

use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use app::errors::AppError;
use app::models::{ScanEvent, ScanPreview, ScannedTable};
use app::ssr::AppState;
use app::ssr::caller::Caller;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Response};
use engine::formats::{ImportError, ImportLimits, native};
use engine::layers;
use engine::model::Project;
use engine::text::Text;
use scan::{Level, Scan, ScanLimits, ScanOptions};
use serde::Deserialize;
use tokio::sync::{mpsc, oneshot};
use tokio_stream::wrappers::ReceiverStream;

/// How often the parsing progress is sent.
const PROGRESS_EVERY: Duration = Duration::from_millis(250);

/// What the page asks for besides the archive.
#[derive(Debug, Default, Deserialize)]
pub struct ScanQuery {
    /// The project's name [default: `sources`].
    #[serde(default)]
    name: String,
    /// `class` (the default), `file` or `package`.
    #[serde(default)]
    level: String,
}

/// The body's first answer: the archive was unpacked (how many sources it
/// holds), or why it was refused.
type Head = Result<usize, AppError>;

/// Reads the uploaded archive; see the module's documentation.
pub async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<ScanQuery>,
    archive: Bytes,
) -> Result<Response, AppError> {
    let level = level(&query.level)?;
    let name = match query.name.trim() {
        "" => "sources".to_string(),
        given => given.chars().take(200).collect(),
    };
    tracing::info!(user = %caller.user.id, bytes = archive.len(), %name, "scanning an upload");
    let (head_sender, head) = oneshot::channel::<Head>();
    let head_sender = Arc::new(Mutex::new(Some(head_sender)));
    let parsed = Arc::new(AtomicUsize::new(0));
    let (outcome_sender, outcome) = oneshot::channel::<ScanEvent>();
    let job = {
        let (head_sender, parsed) = (head_sender.clone(), parsed.clone());
        move || read_upload(&name, level, &archive, &head_sender, &parsed)
    };
    let scans = state.scans.clone();
    tokio::spawn(async move {
        let event = match scans.run(job).await {
            Ok(Some(event)) => event,
            Ok(None) => return,
            Err(error) => {
                if answer_head(&head_sender, Err(error.clone())) {
                    return;
                }
                failed(&error)
            }
        };
        let _ = outcome_sender.send(event);
    });
    let total = match head.await {
        Ok(head) => head?,
        Err(_) => return Err(AppError::Internal),
    };
    let (events, receiver) = mpsc::channel::<Result<Event, Infallible>>(4);
    tokio::spawn(stream_progress(events, parsed, total, outcome));
    Ok(Sse::new(ReceiverStream::new(receiver)).into_response())
}

/// Sends the parsing progress until the outcome is there, then the outcome.
async fn stream_progress(
    events: mpsc::Sender<Result<Event, Infallible>>,
    parsed: Arc<AtomicUsize>,
    total: usize,
    mut outcome: oneshot::Receiver<ScanEvent>,
) {
    let mut tick = tokio::time::interval(PROGRESS_EVERY);
    loop {
        let event = tokio::select! {
            finished = &mut outcome => {
                let event = finished.unwrap_or_else(|_| failed(&AppError::Internal));
                let _ = events.send(Ok(sse(&event))).await;
                return;
            }
            _ = tick.tick() => ScanEvent::Parsing { done: parsed.load(Ordering::Relaxed).min(total), total },
        };
        if events.send(Ok(sse(&event))).await.is_err() {
            return;
        }
    }
}

fn sse(event: &ScanEvent) -> Event {
    Event::default().data(serde_json::to_string(event).unwrap_or_default())
}

/// A failure as the page shows it.
fn failed(error: &AppError) -> ScanEvent {
    ScanEvent::Failed {
        en: error.message(app::i18n::Locale::En),
        ko: error.message(app::i18n::Locale::Ko),
    }
}

/// Answers the head once; whether it was still unanswered.
fn answer_head(sender: &Mutex<Option<oneshot::Sender<Head>>>, head: Head) -> bool {
    match sender.lock().ok().and_then(|mut s| s.take()) {
        Some(sender) => {
            let _ = sender.send(head);
            true
        }
        None => false,
    }
}

fn level(key: &str) -> Result<Level, AppError> {
    match key {
        "" | "class" => Ok(Level::Class),
        "file" => Ok(Level::File),
        "package" => Ok(Level::Package),
        other => Err(AppError::invalid(
            format!("모듈 단위 '{other}'는 없습니다: class, file, package 중 하나입니다"),
            format!("there is no module level '{other}': use class, file or package"),
        )),
    }
}

/// Unpacks, scans and makes the project. The head is answered once the
/// archive is unpacked (or refused); `None` when it was refused.
fn read_upload(
    name: &str,
    level: Level,
    archive: &[u8],
    head: &Mutex<Option<oneshot::Sender<Head>>>,
    parsed: &AtomicUsize,
) -> Option<ScanEvent> {
    let started = Instant::now();
    let tree = match scan::read_archive("the archive", archive, &ScanLimits::default()) {
        Ok(tree) if tree.sources() == 0 => {
            answer_head(head, Err(no_sources()));
            return None;
        }
        Ok(tree) => tree,
        Err(error) => {
            answer_head(head, Err(AppError::from(error)));
            return None;
        }
    };
    answer_head(head, Ok(tree.sources()));
    let options = ScanOptions {
        source: name.to_string(),
        level,
        rules: Vec::new(),
    };
    let made = scan::scan_counting(tree, &options, parsed).and_then(|found| {
        let project = project_of(name, &found)?;
        Ok((found, project))
    });
    Some(match made {
        Ok((found, project)) => ScanEvent::Done {
            preview: preview(name, &found, started.elapsed().as_secs_f64()),
            project: native::to_json(&project),
        },
        Err(error) => failed(&AppError::from(error)),
    })
}

fn no_sources() -> AppError {
    AppError::Invalid(Text::new(
        "압축 파일에 Java, Kotlin, C#, TypeScript, JavaScript, Python, Go 소스 파일이 없습니다",
        "the archive holds no Java, Kotlin, C#, TypeScript, JavaScript, Python or Go source files",
    ))
}

/// A new project holding the scan as its structure layer.
fn project_of(name: &str, found: &Scan) -> Result<Project, ImportError> {
    let (_, project) = layers::preview(&Project::new(name), &found.layer);
    ImportLimits::default().check_project(name, &project)?;
    project
        .validate()
        .map_err(|error| ImportError::one(name, None, error.to_string()))?;
    Ok(project)
}

/// What the page shows before the project is made.
fn preview(name: &str, found: &Scan, seconds: f64) -> ScanPreview {
    let mut tables: Vec<ScannedTable> = Vec::new();
    let mut uses: Vec<&engine::model::TableUse> = found.layer.tables.iter().collect();
    uses.sort_by(|a, b| (&a.table, &a.module).cmp(&(&b.table, &b.module)));
    for used in uses {
        if tables.last().is_none_or(|t| t.table != used.table) {
            tables.push(ScannedTable {
                table: used.table.clone(),
                ..ScannedTable::default()
            });
        }
        if let Some(table) = tables.last_mut() {
            let side = if used.writes {
                &mut table.writers
            } else {
                &mut table.readers
            };
            side.push(used.module.clone());
        }
    }
    let mut entry_points = found.routes.clone();
    entry_points.sort();
    ScanPreview {
        name: name.to_string(),
        languages: found
            .languages
            .iter()
            .map(|(language, (files, lines))| (language.to_string(), *files, *lines))
            .collect(),
        modules: found.layer.modules.len() - found.layer.entry_points.len(),
        dependencies: found.layer.calls.len(),
        tables,
        entry_points,
        skipped: found
            .skipped
            .iter()
            .take(ScanPreview::SHOWN)
            .map(|s| (s.path.clone(), s.reason.clone()))
            .collect(),
        skipped_total: found.skipped.len(),
        broken: found
            .broken
            .iter()
            .take(ScanPreview::SHOWN)
            .map(|b| (b.path.clone(), b.lines.clone()))
            .collect(),
        broken_total: found.broken.len(),
        seconds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip(files: &[(&str, &str)]) -> Vec<u8> {
        use std::io::Write;
        let mut bytes = std::io::Cursor::new(Vec::new());
        let mut writer = zip::ZipWriter::new(&mut bytes);
        for (path, text) in files {
            writer
                .start_file(*path, zip::write::SimpleFileOptions::default())
                .expect("starts an entry");
            writer.write_all(text.as_bytes()).expect("writes an entry");
        }
        writer.finish().expect("finishes the archive");
        bytes.into_inner()
    }

    fn read(archive: &[u8]) -> (Option<Head>, Option<ScanEvent>, usize) {
        let (sender, mut receiver) = oneshot::channel();
        let head = Mutex::new(Some(sender));
        let parsed = AtomicUsize::new(0);
        let event = read_upload("shop", Level::Class, archive, &head, &parsed);
        (
            receiver.try_recv().ok(),
            event,
            parsed.load(Ordering::Relaxed),
        )
    }

    #[test]
    fn an_archive_becomes_a_preview_and_a_project() {
        let archive = zip(&[
            (
                "src/main/java/shop/OrderRepository.java",
                "package shop;\ninterface OrderRepository {\n  @Query(\"UPDATE orders SET paid = 1\") void pay();\n}\n",
            ),
            (
                "src/main/java/shop/OrderController.java",
                "package shop;\n@RestController\nclass OrderController {\n  OrderRepository orders;\n  @PostMapping(\"/orders/pay\") void pay() { orders.pay(); }\n}\n",
            ),
            ("README.md", "not a source"),
        ]);
        let (head, event, parsed) = read(&archive);
        assert_eq!(head, Some(Ok(2)));
        assert_eq!(parsed, 2);
        let Some(ScanEvent::Done { preview, project }) = event else {
            panic!("no preview: {event:?}");
        };
        assert_eq!(preview.name, "shop");
        assert_eq!(preview.modules, 2);
        assert_eq!(
            preview.tables,
            [ScannedTable {
                table: "orders".into(),
                readers: vec![],
                writers: vec!["shop.OrderRepository".into()],
            }]
        );
        assert_eq!(
            preview.entry_points,
            [(
                "POST /orders/pay".to_string(),
                "shop.OrderController".to_string()
            )]
        );
        let project = native::from_json("project.json", &project).expect("reads back");
        assert_eq!(project.name, "shop");
        assert!(
            project
                .modules
                .iter()
                .any(|m| m.id == "POST /orders/pay" && m.entry_point)
        );
    }

    #[test]
    fn refusals_answer_the_head_and_stream_nothing() {
        let (head, event, _) = read(b"this is not an archive");
        assert!(matches!(head, Some(Err(AppError::Invalid(_)))), "{head:?}");
        assert_eq!(event, None);
        let (head, event, _) = read(&zip(&[("docs/readme.txt", "no code")]));
        let Some(Err(AppError::Invalid(text))) = head else {
            panic!("{head:?}");
        };
        assert!(text.en.contains("no Java"), "{}", text.en);
        assert_eq!(event, None);
        let (head, _, _) = read(&zip(&[("../escape.java", "class X {}")]));
        assert!(matches!(head, Some(Err(AppError::Invalid(_)))), "{head:?}");
    }

    #[test]
    fn levels_are_named_or_refused() {
        assert_eq!(level("").ok(), Some(Level::Class));
        assert_eq!(level("package").ok(), Some(Level::Package));
        assert!(level("method").is_err());
    }
}
