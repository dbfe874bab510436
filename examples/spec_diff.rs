//! Spec change report: what a spec bump changes for users of this crate.
//!
//! ```text
//! cargo run --example spec_diff -- OLD.yaml NEW.yaml [--fail-on-breaking]
//! ```
//!
//! Prints the report and exits 0; with `--fail-on-breaking`, exits 1 when any change
//! is breaking. Bad arguments or unreadable specs exit 2. The logic (and the
//! classification rules) live in `dwolla_api_codegen::diff`.

use std::process::ExitCode;

use dwolla_api_codegen::diff;

fn main() -> ExitCode {
    let args = match diff::parse_args(std::env::args_os().skip(1)) {
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
