//! Parsing an [`ImportSource`] with the engine's importers.

use engine::formats::csv::{self as csv_format, CsvInput};
use engine::formats::mono2micro::{self, NamedInput};
use engine::formats::{ImportError, ImportLimits, dot, jdeps, native};
use engine::model::Project;

use crate::functions::imports::{ImportFormat, ImportSource};

/// The project an import describes, within the import limits.
pub fn parse(source: &ImportSource) -> Result<Project, ImportError> {
    let limits = ImportLimits::default();
    let ImportSource {
        format,
        name,
        first,
        second,
        third,
        package_level,
    } = source;
    let format = format.ok_or_else(|| ImportError::one("import", None, "choose a format"))?;
    for (file, text) in [
        ("first file", first),
        ("second file", second),
        ("third file", third),
    ] {
        limits.check_text(file, text)?;
    }
    let given = |text: &String| !text.trim().is_empty();
    let mut project = match format {
        ImportFormat::Csv => csv_format::import(
            name,
            CsvInput {
                name: "calls.csv",
                text: first,
            },
            given(second).then_some(CsvInput {
                name: "modules.csv",
                text: second,
            }),
            &limits,
        )?,
        ImportFormat::Json => {
            let project = native::from_json("project.json", first)?;
            limits.check_project("project.json", &project)?;
            project
        }
        ImportFormat::Dot => dot::import("graph.dot", first, &limits)?,
        ImportFormat::Jdeps => {
            let level = if *package_level {
                jdeps::Level::Package
            } else {
                jdeps::Level::Class
            };
            jdeps::import("jdeps.txt", first, level, &limits)?
        }
        ImportFormat::Mono2Micro => {
            let partitions: Vec<NamedInput<'_>> = if given(third) {
                vec![NamedInput {
                    name: "partition.json",
                    text: third,
                }]
            } else {
                Vec::new()
            };
            mono2micro::import(
                name,
                NamedInput {
                    name: "runtime_call_volume.json",
                    text: first,
                },
                given(second).then_some(NamedInput {
                    name: "bcs_per_class.json",
                    text: second,
                }),
                &partitions,
                None,
                &limits,
            )?
        }
    };
    if !name.trim().is_empty() && format != ImportFormat::Json {
        project.name = name.trim().to_string();
    }
    Ok(project)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(calls: &str) -> ImportSource {
        ImportSource {
            format: Some(ImportFormat::Csv),
            name: "Shop".into(),
            first: calls.into(),
            ..ImportSource::default()
        }
    }

    #[test]
    fn parses_within_the_limits_and_names_the_project() {
        let project = parse(&csv("caller,callee,volume\nweb,pay,10\npay,ledger,2\n")).unwrap();
        assert_eq!(project.name, "Shop");
        assert_eq!((project.modules.len(), project.calls.len()), (3, 2));
        let bad = parse(&csv("caller,callee,volume\nweb,,3\n")).unwrap_err();
        assert_eq!(bad.problems.len(), 1);
        assert!(bad.to_string().contains("calls.csv:2"), "{bad}");
        assert!(parse(&ImportSource::default()).is_err(), "no format chosen");
    }
}
