//! `POST /api/scan`: an uploaded archive of source code read into a project
//! for the "from source code" page. Nothing is stored: the answer is a
//! preview and the project's JSON, which the page creates when the user says so.
//!
//! The archive is unpacked within the scan limits before anything is answered,
//! so a hostile one (a zip bomb, `../` paths, links, too many files) is refused
//! with its status and one message. Then the answer streams as server-sent
//! events: how many source files are parsed, every quarter second, and the
//! preview at the end. Scans run one at a time on a pool of their own (each
//! may unpack up to a gigabyte), so the rest of the server keeps answering;
//! a few uploads are held at once (each up to the archive limit), others are
//! told the server is busy before their bodies are read; a scan whose
//! uploader went away stops.

use std::convert::Infallible;
use std::sync::atomic::Ordering;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

use app::errors::AppError;
use app::models::{ScanEvent, ScanPreview, ScannedTable};
use app::ssr::AppState;
use app::ssr::caller::Caller;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Response};
use engine::formats::{ImportError, ImportLimits, native};
use engine::layers;
use engine::model::Project;
use engine::text::Text;
use scan::{Level, Progress, Scan, ScanLimits, ScanOptions};
use serde::Deserialize;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc, oneshot};
use tokio_stream::wrappers::ReceiverStream;

/// How often the parsing progress is sent.
const PROGRESS_EVERY: Duration = Duration::from_millis(250);

/// Uploads held at once, from their first byte to the end of their scan: the
/// one being scanned and a few waiting (each holds up to the archive limit).
const UPLOADS_AT_ONCE: usize = 4;

/// The uploads being held.
static UPLOADS: LazyLock<Arc<Semaphore>> =
    LazyLock::new(|| Arc::new(Semaphore::new(UPLOADS_AT_ONCE)));

/// Stops the scan when dropped: whoever holds it last (the request while the
/// archive is unpacked, then the stream of its answer) is the uploader still
/// listening.
struct StopWhenGone(Arc<Progress>);

impl Drop for StopWhenGone {
    fn drop(&mut self) {
        self.0.cancelled.store(true, Ordering::Relaxed);
    }
}

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
    body: Body,
) -> Result<Response, AppError> {
    let level = level(&query.level)?;
    let name = match query.name.trim() {
        "" => "sources".to_string(),
        given => given.chars().take(200).collect(),
    };
    let Ok(slot) = UPLOADS.clone().try_acquire_owned() else {
        tracing::warn!("an upload was refused: {UPLOADS_AT_ONCE} are being scanned or wait");
        return Err(AppError::Busy);
    };
    let archive = read_body(body).await?;
    tracing::info!(user = %caller.user.id, bytes = archive.len(), %name, "scanning an upload");
    let (head_sender, head) = oneshot::channel::<Head>();
    let head_sender = Arc::new(Mutex::new(Some(head_sender)));
    let progress = Arc::new(Progress::default());
    let listening = StopWhenGone(progress.clone());
    let (outcome_sender, outcome) = oneshot::channel::<ScanEvent>();
    let job = {
        let (head_sender, progress) = (head_sender.clone(), progress.clone());
        move || {
            let _slot: OwnedSemaphorePermit = slot;
            read_upload(&name, level, &archive, &head_sender, &progress)
        }
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
    tokio::spawn(stream_progress(events, listening, total, outcome));
    Ok(Sse::new(ReceiverStream::new(receiver)).into_response())
}

/// The archive, up to the scan's limit.
async fn read_body(body: Body) -> Result<axum::body::Bytes, AppError> {
    let limit = ScanLimits::default().max_archive_bytes;
    axum::body::to_bytes(body, limit).await.map_err(|error| {
        tracing::info!(%error, "an upload was cut off");
        let limit = engine::formats::human_size(limit);
        AppError::Invalid(Text::new(
            format!("압축 파일이 너무 큽니다: {limit}까지 올릴 수 있습니다"),
            format!("the archive is over the limit of {limit}"),
        ))
    })
}

/// Sends the parsing progress until the outcome is there, then the outcome.
async fn stream_progress(
    events: mpsc::Sender<Result<Event, Infallible>>,
    listening: StopWhenGone,
    total: usize,
    mut outcome: oneshot::Receiver<ScanEvent>,
) {
    let parsed = &listening.0.parsed;
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

/// Answers the head once; whether someone was still waiting for it.
fn answer_head(sender: &Mutex<Option<oneshot::Sender<Head>>>, head: Head) -> bool {
    match sender.lock().ok().and_then(|mut s| s.take()) {
        Some(sender) => sender.send(head).is_ok(),
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
    progress: &Progress,
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
    if !answer_head(head, Ok(tree.sources())) || progress.cancelled.load(Ordering::Relaxed) {
        // The uploader went away while it was unpacked.
        return None;
    }
    let options = ScanOptions {
        source: name.to_string(),
        level,
        rules: Vec::new(),
    };
    let made = scan::scan_watched(tree, &options, progress).and_then(|found| {
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
        modules: found
            .layer
            .modules
            .len()
            .saturating_sub(found.layer.entry_points.len()),
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
        let progress = Progress::default();
        let event = read_upload("shop", Level::Class, archive, &head, &progress);
        let parsed = progress.parsed.load(Ordering::Relaxed);
        (receiver.try_recv().ok(), event, parsed)
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
    fn a_scan_whose_uploader_went_away_stops() {
        let archive = zip(&[("shop/Order.java", "package shop;\nclass Order {}\n")]);
        let (sender, receiver) = oneshot::channel();
        drop(receiver);
        let progress = Progress::default();
        let head = Mutex::new(Some(sender));
        assert_eq!(
            read_upload("shop", Level::Class, &archive, &head, &progress),
            None
        );
        assert_eq!(
            progress.parsed.load(Ordering::Relaxed),
            0,
            "nothing was parsed"
        );
    }

    #[test]
    fn levels_are_named_or_refused() {
        assert_eq!(level("").ok(), Some(Level::Class));
        assert_eq!(level("package").ok(), Some(Level::Package));
        assert!(level("method").is_err());
    }
}
