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
    let result = match cli.command {
        Some(Command::Serve(args)) => serve::run(args),
        Some(Command::Import(command)) => commands::import::run(command),
        Some(Command::Analyze(args)) => commands::analyze::run(args),
        None => serve::run(cli.serve),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
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
