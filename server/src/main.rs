//! `seams`: the Seams web server (`seams serve`, the default) and its command-line
//! tools. Every failure ends in one line on stderr and a non-zero exit code.

mod cli;
mod commands;
mod serve;
mod telemetry;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let done = |result: anyhow::Result<()>| result.map(|()| ExitCode::SUCCESS);
    let result = match cli.command {
        Some(Command::Serve(args)) => done(serve::run(args)),
        Some(Command::Import(command)) => done(commands::import::run(command)),
        Some(Command::Analyze(args)) => done(commands::analyze::run(args)),
        Some(Command::History(command)) => done(commands::history::run(command)),
        Some(Command::Suggest(args)) => done(commands::suggest::run(args)),
        Some(Command::Export(args)) => done(commands::export::run(args)),
        Some(Command::Roadmap(args)) => done(commands::roadmap::run(args)),
        Some(Command::Refine(args)) => done(commands::refine::run(args)),
        Some(Command::Agreement(args)) => done(commands::agreement::run(args)),
        Some(Command::Scan(args)) => done(commands::scan::run(args)),
        Some(Command::Backup(args)) => done(commands::backup::run_backup(args)),
        Some(Command::Restore(args)) => done(commands::backup::run_restore(args)),
        // 0 clean, 1 violations or a broken limit, 2 a usage or input error.
        Some(Command::Check(args)) => match commands::check::run(args) {
            Ok(true) => Ok(ExitCode::SUCCESS),
            Ok(false) => Ok(ExitCode::FAILURE),
            Err(error) => {
                eprintln!("error: {}", one_line(&error));
                return ExitCode::from(2);
            }
        },
        Some(Command::Demo(args)) => done(commands::write_output(
            args.output.as_deref(),
            &engine::formats::native::to_json(&engine::demo::project()),
        )),
        None => done(serve::run(cli.serve)),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {}", one_line(&error));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes on one line, leaving out a cause whose words the
/// message already contains.
fn one_line(error: &anyhow::Error) -> String {
    let mut message = error.to_string();
    for cause in error.chain().skip(1) {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
    }
    message.replace(['\n', '\r'], " ")
}
