//! Generation is safe to run on several threads at once: nothing process-wide (such as
//! the panic hook) is swapped, so a caught progenitor panic in one thread never changes
//! what another thread sees or reports.

mod common;

use common::{fixture, seed};
use dwolla_api_codegen::generate::Options;
use dwolla_api_codegen::pipeline;

#[test]
fn generation_on_several_threads_at_once_gives_each_the_same_result() {
    let expected_ok = pipeline::run_doc(seed(), &Options::default())
        .expect("the seed generates")
        .generated
        .code;
    // progenitor panics on one of its operations, which is left out with that reason.
    let left_out = || {
        pipeline::run(&fixture("undeclared_path_param.yaml"), &Options::default())
            .expect("the rest generates")
            .outcome
            .left_out
    };
    let expected_err = left_out();
    let handles: Vec<_> = (0..6)
        .map(|i| {
            std::thread::spawn(move || {
                if i % 2 == 0 {
                    Ok(pipeline::run_doc(seed(), &Options::default())
                        .expect("the seed generates")
                        .generated
                        .code)
                } else {
                    Err(left_out())
                }
            })
        })
        .collect();
    for h in handles {
        match h.join().expect("no thread panics past `catch_unwind`") {
            Ok(code) => assert_eq!(code, expected_ok),
            Err(errors) => {
                assert_eq!(errors, expected_err);
                assert!(
                    errors[0].reason.contains("progenitor panicked"),
                    "{errors:?}"
                );
            }
        }
    }
}
