//! Spec change report: what a spec bump changes for users of this crate.
//!
//! ```text
//! cargo run --example spec_diff -- OLD.yaml NEW.yaml [--fail-on-breaking]
//! ```
//!
//! Prints the report and exits 0; with `--fail-on-breaking`, exits 1 when any change
//! is breaking. Bad arguments or unreadable specs exit 2. The comparison (and the
//! classification rules) live in `dwolla_api_codegen::diff`; the argument parsing is
//! here, tested by `codegen/tests/spec_diff_cli.rs`.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use dwolla_api_codegen::diff;

fn main() -> ExitCode {
    let args = match parse_args(std::env::args_os().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("spec_diff: {message}");
            return ExitCode::from(2);
        }
    };
    match diff::diff_files(&args.old, &args.new) {
        Ok(report) => {
            println!("{report}");
            ExitCode::from(diff::exit_code(&report, args.fail_on_breaking))
        }
        Err(e) => {
            eprintln!("spec_diff: {e}");
            ExitCode::from(2)
        }
    }
}

/// Usage text.
pub const USAGE: &str = "usage: spec_diff OLD.yaml NEW.yaml [--fail-on-breaking]";

/// Parsed arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliArgs {
    /// The older spec.
    pub old: PathBuf,
    /// The newer spec.
    pub new: PathBuf,
    /// Exit 1 when anything is breaking.
    pub fail_on_breaking: bool,
}

/// Parse the arguments (without the program name). `Err` holds the message
/// to print before exiting with 2.
pub fn parse_args(args: impl IntoIterator<Item = OsString>) -> Result<CliArgs, String> {
    let mut files = Vec::new();
    let mut fail_on_breaking = false;
    for a in args {
        match a.to_str() {
            Some("--fail-on-breaking") => fail_on_breaking = true,
            Some(s) if s.starts_with('-') && s != "-" => {
                return Err(format!("unknown option `{s}`\n{USAGE}"));
            }
            _ => files.push(PathBuf::from(a)),
        }
    }
    match <[PathBuf; 2]>::try_from(files) {
        Ok([old, new]) => Ok(CliArgs {
            old,
            new,
            fail_on_breaking,
        }),
        Err(files) => Err(format!(
            "expected two spec files, got {}\n{USAGE}",
            files.len()
        )),
    }
}
