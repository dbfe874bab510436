//! The `spec_diff` example's argument parsing (`examples/spec_diff.rs`, compiled in here
//! as a module so its parser is tested by `cargo test`).

use std::ffi::OsString;
use std::path::PathBuf;

#[path = "../../examples/spec_diff.rs"]
#[allow(dead_code)]
mod example;

use example::{USAGE, parse_args};

// ---------------------------------------------------------------- CLI

fn args(list: &[&str]) -> Vec<OsString> {
    list.iter().map(OsString::from).collect()
}

#[test]
fn parse_args_takes_two_files_and_the_flag_anywhere() {
    let a = parse_args(args(&["old.yaml", "new.yaml"])).expect("two files");
    assert_eq!(a.old, PathBuf::from("old.yaml"));
    assert_eq!(a.new, PathBuf::from("new.yaml"));
    assert!(!a.fail_on_breaking);

    let a = parse_args(args(&["--fail-on-breaking", "old.yaml", "new.yaml"])).expect("flag first");
    assert!(a.fail_on_breaking);
    assert_eq!(
        (a.old, a.new),
        (PathBuf::from("old.yaml"), PathBuf::from("new.yaml"))
    );
    let a = parse_args(args(&["old.yaml", "new.yaml", "--fail-on-breaking"])).expect("flag last");
    assert!(a.fail_on_breaking);
}

#[test]
fn parse_args_rejects_missing_files_and_unknown_flags() {
    for (list, expected) in [
        (&[][..], "expected two spec files, got 0"),
        (&["old.yaml"][..], "expected two spec files, got 1"),
        (
            &["--fail-on-breaking", "old.yaml"][..],
            "expected two spec files, got 1",
        ),
        (
            &["a.yaml", "b.yaml", "c.yaml"][..],
            "expected two spec files, got 3",
        ),
        (
            &["old.yaml", "new.yaml", "--verbose"][..],
            "unknown option `--verbose`",
        ),
        (&["-x", "old.yaml", "new.yaml"][..], "unknown option `-x`"),
    ] {
        let err = parse_args(args(list)).expect_err("bad arguments");
        assert!(err.starts_with(expected), "{list:?}: {err}");
        assert!(err.ends_with(USAGE), "{list:?}: {err}");
    }
}
