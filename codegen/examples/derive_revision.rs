//! Write a spec revision derived from a real one, for rehearsing a bump:
//! `cargo run -p dwolla-api-codegen --example derive_revision -- IN OUT [STEP...]`.
//!
//! The steps are `dwolla_api_codegen::revision::REHEARSAL` (all of them by default);
//! OUT is JSON, which the crate's YAML loader reads as it is.

use std::process::ExitCode;

use dwolla_api_codegen::{load, revision};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output, steps @ ..] = args.as_slice() else {
        eprintln!("usage: derive_revision IN OUT [STEP...]");
        return ExitCode::from(2);
    };
    let result = load::read_spec(input.as_ref()).and_then(|mut doc| {
        revision::rehearsal(&mut doc, steps)?;
        Ok(doc)
    });
    let doc = match result {
        Ok(doc) => doc,
        Err(e) => {
            eprintln!("derive_revision: {input}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let text = serde_json::to_string_pretty(&doc).expect("a JSON value serialises");
    if let Err(e) = std::fs::write(output, text) {
        eprintln!("derive_revision: cannot write {output}: {e}");
        return ExitCode::FAILURE;
    }
    println!("derive_revision: wrote {output}");
    ExitCode::SUCCESS
}
