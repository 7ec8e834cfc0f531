//! Building the files of [`crate::functions::exports`].

use std::sync::Arc;

use engine::analysis::ProjectAnalysis;
use engine::compare::compare;
use engine::formats::{cml, csv, dot, mermaid, native, structurizr};
use engine::model::Project;
use engine::readiness::evaluate;
use engine::report::{ReportInput, html, markdown};
use engine::text::Language;

use super::AppState;
use super::views::Derived;
use crate::errors::AppError;
use crate::functions::exports::{ExportFile, ExportFormat};

/// A file name from the project name: letters, digits and dashes.
fn file_stem(name: &str) -> String {
    let stem = name
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if stem.is_empty() {
        "seams-project".into()
    } else {
        stem
    }
}

/// The project with readiness participants named instead of user ids, as
/// the JSON export carries them.
fn named(derived: &Derived) -> Project {
    let snapshot = &derived.snapshot;
    let mut project = snapshot.project.clone();
    for answer in &mut project.readiness.answers {
        if let Some(name) = snapshot.participants.get(&answer.participant) {
            answer.participant = name.clone();
        }
    }
    project
}

/// The analysis of every split (the project must be consistent to be reported).
fn analysis(derived: &Derived, project: &Project) -> Result<ProjectAnalysis, AppError> {
    let splits = derived
        .analyses()
        .iter()
        .map(|a| a.as_ref().map(|a| (**a).clone()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(AppError::refused)?;
    let comparison = compare(splits.iter().map(|s| (s.name.as_str(), &s.metrics)));
    Ok(ProjectAnalysis {
        splits,
        comparison,
        readiness: evaluate(&project.readiness),
    })
}

/// What a report is made of: the analysis and the roadmaps, side by side on
/// two cores (at 50,000 modules each takes about as long as the other).
fn analysis_and_roadmaps(
    derived: &Derived,
    project: &Project,
) -> (
    Result<ProjectAnalysis, AppError>,
    engine::roadmap::SplitRoadmaps,
) {
    engine::parallel::join(|| analysis(derived, project), || derived.roadmaps())
}

/// The HTML report of the derived revision, made anew.
fn report_html(derived: &Derived, language: Language) -> Result<String, AppError> {
    let project = &derived.snapshot.project;
    let (analysis, roadmaps) = analysis_and_roadmaps(derived, project);
    let analysis = analysis?;
    let input = ReportInput::new(project, &analysis).with_roadmaps(roadmaps);
    Ok(html(&input, language))
}

/// Begins the HTML report of a project's current revision in the
/// background, as its report page is served: the page's preview frame asks
/// for it by its address as the browser parses the page and finds it made,
/// or waits for the one being made. Only the first call per revision and language puts work
/// on the heavy pool. Call it only for a reader who may see the project.
pub fn begin_report(project_id: String, korean: bool) {
    let Ok(state) = super::auth::state() else {
        return;
    };
    tokio::spawn(async move {
        let derived = match super::views::current(&state, &project_id).await {
            Ok(derived) if derived.begin_report(korean) => derived,
            Ok(_) => return,
            Err(error) => {
                tracing::warn!(%error, "the report was not begun");
                return;
            }
        };
        let language = if korean { Language::Ko } else { Language::En };
        let made = state
            .heavy
            .run(move || {
                derived
                    .report(korean, || report_html(&derived, language))
                    .map(drop)
            })
            .await;
        if let Err(error) = made.and_then(|made| made) {
            tracing::debug!(%error, "the report begun with the page could not be made");
        }
    });
}

/// [`export`] on the heavy-work pool, or at once when it only copies the
/// HTML report already made: a crowd opening the report page (each preview
/// asks for it) takes no heavy worker each to copy one string.
pub async fn export_in_turn(
    state: &AppState,
    derived: Arc<Derived>,
    format: ExportFormat,
    korean: bool,
    split_id: Option<String>,
) -> Result<ExportFile, AppError> {
    if format == ExportFormat::Html && derived.has_report(korean) {
        return export(&derived, format, korean, split_id.as_deref());
    }
    state
        .heavy
        .run(move || export(&derived, format, korean, split_id.as_deref()))
        .await?
}

/// The roadmap of one split, or why it cannot be planned (in words).
fn roadmap_of(
    derived: &Derived,
    project: &Project,
    split: &engine::model::Split,
) -> Result<engine::roadmap::Roadmap, AppError> {
    let graph = derived.graph().map_err(AppError::refused)?;
    let resolved = graph.resolve_split(split).map_err(AppError::from)?;
    engine::roadmap::Planner::new(
        graph,
        split,
        &resolved,
        &split.roadmap,
        engine::metrics::AnalysisOptions::default(),
    )
    .and_then(|planner| planner.roadmap(&project.readiness))
    .map_err(AppError::from)
}

/// The file for `format`.
pub fn export(
    derived: &Derived,
    format: ExportFormat,
    korean: bool,
    split_id: Option<&str>,
) -> Result<ExportFile, AppError> {
    // The project as it is: only the JSON export, which carries every
    // readiness answer, needs its own copy with the participants named (a
    // copy of 50,000 modules and 300,000 calls took a tenth of the report).
    let project = &derived.snapshot.project;
    let stem = file_stem(&project.name);
    let language = if korean { Language::Ko } else { Language::En };
    let split = split_id
        .and_then(|id| project.split_by_id(id))
        .or_else(|| project.splits.first())
        .cloned();
    let file = |name: String, mime: &str, text: String| ExportFile {
        name,
        mime: mime.to_string(),
        text,
    };
    let split_analysis = || -> Result<_, AppError> {
        let split = split.clone().ok_or_else(|| {
            AppError::invalid(
                "내보낼 분해안이 없습니다",
                "the project has no split to export",
            )
        })?;
        let analysis = derived
            .analysis(&split.id)
            .ok_or_else(|| AppError::not_found("분해안", "the split"))?
            .map_err(AppError::refused)?;
        Ok((split, analysis))
    };
    Ok(match format {
        ExportFormat::Html => file(
            format!("{stem}-report.html"),
            "text/html",
            derived.report(korean, || report_html(derived, language))?,
        ),
        ExportFormat::Markdown => {
            let (analysis, roadmaps) = analysis_and_roadmaps(derived, project);
            let analysis = analysis?;
            let input = ReportInput::new(project, &analysis).with_roadmaps(roadmaps);
            file(
                format!("{stem}-report.md"),
                "text/markdown",
                markdown(&input, language),
            )
        }
        ExportFormat::RoadmapCsv | ExportFormat::RoadmapJson | ExportFormat::RoadmapMermaid => {
            let (split, _) = split_analysis()?;
            let roadmap = roadmap_of(derived, project, &split)?;
            let split_stem = file_stem(&split.name);
            match format {
                ExportFormat::RoadmapCsv => file(
                    format!("{stem}-{split_stem}-roadmap-tasks.csv"),
                    "text/csv",
                    engine::roadmap::tasks_csv(&roadmap, language),
                ),
                ExportFormat::RoadmapJson => file(
                    format!("{stem}-{split_stem}-roadmap-tasks.json"),
                    "application/json",
                    engine::roadmap::tasks_json(&roadmap, language),
                ),
                _ => file(
                    format!("{stem}-{split_stem}-roadmap.mmd"),
                    "text/plain",
                    engine::roadmap::mermaid(&roadmap, language),
                ),
            }
        }
        ExportFormat::CheckstyleImportControl
        | ExportFormat::CheckstyleConfig
        | ExportFormat::Depcruise
        | ExportFormat::Importlinter => {
            let split = split.ok_or_else(|| {
                AppError::invalid(
                    "내보낼 분해안이 없습니다",
                    "the project has no split to export",
                )
            })?;
            let rules = engine::boundaries::Boundaries::of(
                &derived.snapshot.project,
                &split,
                Some(derived.snapshot.revision),
            )
            .map_err(|e| AppError::Invalid(e.text()))?;
            use engine::boundaries::{checkstyle, depcruise, importlinter};
            match format {
                ExportFormat::CheckstyleImportControl => file(
                    "import-control.xml".into(),
                    "application/xml",
                    checkstyle::export(&rules, &[], ".").import_control,
                ),
                ExportFormat::CheckstyleConfig => file(
                    "checkstyle.xml".into(),
                    "application/xml",
                    checkstyle::export(&rules, &[], ".").config,
                ),
                ExportFormat::Depcruise => file(
                    // Browsers drop a leading dot from downloads: a name that
                    // survives, used with `--config`.
                    "dependency-cruiser.cjs".into(),
                    "text/javascript",
                    depcruise::export(&rules, &[], &|m| format!("{m}.js")).config,
                ),
                _ => file(
                    "importlinter.ini".into(),
                    "text/plain",
                    importlinter::export(&rules, &[], &|_| true),
                ),
            }
        }
        ExportFormat::Json => file(
            format!("{stem}.json"),
            "application/json",
            native::to_json(&named(derived)),
        ),
        ExportFormat::Csv => {
            let analysis = analysis(derived, project)?;
            file(
                format!("{stem}-metrics.csv"),
                "text/csv",
                csv::export_metrics(&analysis),
            )
        }
        ExportFormat::Mermaid => file(
            format!("{stem}.mmd"),
            "text/plain",
            mermaid::export(project, split.as_ref()),
        ),
        ExportFormat::Dot => file(
            format!("{stem}.dot"),
            "text/vnd.graphviz",
            dot::export(project, split.as_ref()),
        ),
        ExportFormat::Structurizr => {
            let (split, analysis) = split_analysis()?;
            file(
                format!("{stem}.dsl"),
                "text/plain",
                structurizr::export(project, &split, &analysis),
            )
        }
        ExportFormat::Cml => {
            let (split, analysis) = split_analysis()?;
            file(
                format!("{stem}.cml"),
                "text/plain",
                cml::export(project, &split, &analysis),
            )
        }
    })
}
