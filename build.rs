//! Build pipeline: load the OpenAPI YAML → named spec transforms → progenitor →
//! prettyplease → `OUT_DIR`. The steps live in the `dwolla-api-codegen` crate
//! (`codegen/`), where each transform has its own unit tests.

use std::path::{Path, PathBuf};
use std::{env, fs, process};

use dwolla_api_codegen::bindings::Binding;
use dwolla_api_codegen::uploads::HAND_WRITTEN;
use dwolla_api_codegen::{SpecError, diff, generate::Options, pipeline};

/// Path to another spec file, for spec bumps and their rehearsal.
const SPEC_OVERRIDE: &str = "DWOLLA_OPENAPI_SPEC";
const VENDORED: &str = "openapi/dwolla.yaml";

fn main() {
    println!("cargo::rerun-if-env-changed={SPEC_OVERRIDE}");
    let overridden = env::var_os(SPEC_OVERRIDE)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    let spec = overridden
        .clone()
        .unwrap_or_else(|| PathBuf::from(VENDORED));
    println!("cargo::rerun-if-changed={}", spec.display());
    println!("cargo::rerun-if-changed={VENDORED}");
    println!("cargo::rustc-check-cfg=cfg(dwolla_op, values(any()))");
    println!("cargo::rustc-check-cfg=cfg(dwolla_type, values(any()))");
    for name in [
        "dwolla_role",
        "dwolla_field",
        "dwolla_param",
        "dwolla_helper",
    ] {
        println!("cargo::rustc-check-cfg=cfg({name}, values(any()))");
    }

    let opts = Options {
        schemars: env::var_os("CARGO_FEATURE_SCHEMARS").is_some(),
    };
    let out = match pipeline::run(&spec, &opts) {
        Ok(out) => out,
        Err(errors) => fail(&spec, &errors),
    };
    println!("cargo::rustc-check-cfg=cfg(dwolla_upload, values(any()))");
    // A shared operationId leaves no method of that name: say so where the compile error
    // that follows will send the reader.
    for note in out
        .outcome
        .notes
        .iter()
        .filter(|n| n.contains("is shared with another operation"))
    {
        println!("cargo::warning=spec defect: {note}");
    }
    for left in &out.outcome.left_out {
        let covered = out.uploads.iter().find(|u| u.spec == left.operation);
        let by = covered.and_then(|u| HAND_WRITTEN.iter().find(|(_, key, _)| *key == u.rust_name));
        match by {
            Some((_, op, call)) => {
                println!("cargo::rustc-cfg=dwolla_upload=\"{op}\"");
                println!(
                    "cargo::warning=generated without {}: {}; the hand-written Client::{call} covers it",
                    left.operation.label(),
                    left.reason
                );
            }
            None => println!(
                "cargo::warning=left out {}: {}",
                left.operation.label(),
                left.reason
            ),
        }
    }
    for op in &out.generated.operations {
        // Lets tests and examples compile only against operations the spec has.
        println!("cargo::rustc-cfg=dwolla_op=\"{}\"", op.rust_name);
    }
    // Roles, fields and helpers: what tests and the hand-written layer bind to.
    for cfg in &out.cfgs {
        println!("cargo::rustc-cfg={cfg}");
    }
    for b in &out.bindings {
        if let Binding::Out(h, why) = b {
            println!("cargo::warning=compiled out {}: {why}", h.what);
        }
    }
    for (op, why) in dwolla_api_codegen::bindings::client_method_clashes(&out.generated.roles) {
        println!(
            "cargo::warning=`{op}` is not a Client method ({why}); its builder is in dwolla_api::ops::{op}"
        );
    }
    for b in &out.generated.sends.key_setter_taken {
        println!(
            "cargo::warning=builder `{b}` has a spec parameter named `idempotency_key`; the build's option of that name is not added to it"
        );
    }
    for (op, why) in &out.generated.roles_unread {
        println!("cargo::warning=no roles for `{op}` (not in dwolla_api::ops): {why}");
    }
    for name in &out.generated.type_names {
        // Likewise for the generated types a test, example or doctest names.
        println!("cargo::rustc-cfg=dwolla_type=\"{name}\"");
    }
    let dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    // A bump is never silent: one line saying what changed, against the vendored spec
    // for an override, or against the last build when the vendored YAML was replaced.
    let bump = |old: &Path| diff::bump_summary_against(old, &spec, &out.spec, &out.outcome);
    if overridden.is_some() {
        println!(
            "cargo::warning=dwolla-api: {} operations generated, {} left out, from {}",
            out.generated.operations.len(),
            out.outcome.left_out.len(),
            spec.display()
        );
        if let Some(line) = bump(Path::new(VENDORED)) {
            println!("cargo::warning=dwolla-api: vs the vendored spec: {line}");
        }
    } else {
        let last_built = dir.join("dwolla_spec_last_built.yaml");
        let text = fs::read_to_string(&spec).unwrap_or_default();
        if fs::read_to_string(&last_built).is_ok_and(|last| last != text)
            && let Some(line) = bump(&last_built)
        {
            println!(
                "cargo::warning=dwolla-api: {} changed since the last build: {line}",
                spec.display()
            );
        }
        write(&last_built, &text);
    }
    write(&dir.join("dwolla_generated.rs"), &out.generated.code);
    write(&dir.join("dwolla_operations.rs"), &out.wire);
    write(&dir.join("dwolla_ops.rs"), &out.ops);
    write(&dir.join("dwolla_bound.rs"), &out.bound);
    // HAL pages, read from the generated types (a bumped spec's new lists page too).
    write(
        &dir.join("dwolla_pages.rs"),
        &dwolla_api_codegen::pages::impls_source(&out.pages),
    );
    write(
        &dir.join("dwolla_uploads.rs"),
        &dwolla_api_codegen::uploads::table_source(&out.uploads),
    );
    // For tests/conformance.rs: the schema ↔ type pairs and the spec they come from.
    write(&dir.join("dwolla_conformance.rs"), &out.conformance);
    write(&dir.join("dwolla_spec.json"), &out.spec.to_string());
}

fn write(path: &Path, text: &str) {
    // Unchanged output keeps its mtime, so rustc has less to redo.
    if fs::read_to_string(path).ok().as_deref() != Some(text)
        && let Err(e) = fs::write(path, text)
    {
        println!("cargo::error=cannot write {}: {e}", path.display());
        process::exit(1);
    }
}

fn fail(spec: &Path, errors: &[SpecError]) -> ! {
    for e in errors {
        println!("cargo::error=spec {}: {e}", spec.display());
    }
    process::exit(1);
}
