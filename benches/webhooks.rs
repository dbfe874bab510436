//! Cost of `webhooks::verify` on a 1 KiB and a 64 KiB event: µs per call, median of rounds.
//!
//! ```text
//! cargo bench --bench webhooks
//! BENCH_ROUNDS=31 cargo bench --bench webhooks
//! ```
//!
//! Each size is measured as the whole `verify` (HMAC-SHA256 of the body, constant-time compare,
//! JSON decode) and as `verify_signature` alone, so the decode's share shows. The events are
//! padded to size with an unknown field, as a larger future event would be.
//! Under `cargo test --benches` (no `--bench` argument) it runs a tiny smoke version.

use std::hint::black_box;
use std::time::Instant;

use dwolla_api::webhooks;

const SECRET: &[u8] = b"bench-webhook-secret";

/// A transfer event of exactly `size` bytes.
fn event(size: usize) -> Vec<u8> {
    let head = r#"{"_links":{"self":{"href":"https://api-sandbox.dwolla.com/events/3c3ec2a7-7bfa-4f9a-9c3a-0d5c6f1a2b41"},"account":{"href":"https://api-sandbox.dwolla.com/accounts/ad5f2162-404a-4c4c-994e-6ab6c3a13254"},"resource":{"href":"https://api-sandbox.dwolla.com/transfers/d75a1882-a051-4c92-9631-bfe0b252a24e"},"customer":{"href":"https://api-sandbox.dwolla.com/customers/266ae7de-6393-423b-a4ec-dec8028a9b5a"}},"id":"3c3ec2a7-7bfa-4f9a-9c3a-0d5c6f1a2b41","created":"2026-11-30T16:19:35.319Z","topic":"customer_transfer_created","resourceId":"d75a1882-a051-4c92-9631-bfe0b252a24e","correlationId":"order-8842","padding":""#;
    let tail = r#""}"#;
    let pad = size
        .checked_sub(head.len() + tail.len())
        .expect("size fits the event");
    let body = format!("{head}{}{tail}", "x".repeat(pad)).into_bytes();
    assert_eq!(body.len(), size);
    body
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

/// µs per call of `f`: the median over `rounds` rounds of `iters` calls.
fn measure(rounds: usize, iters: usize, mut f: impl FnMut()) -> f64 {
    for _ in 0..iters.div_ceil(10) {
        f(); // warm caches and the CPU's clock
    }
    let per_round = (0..rounds).map(|_| {
        let started = Instant::now();
        for _ in 0..iters {
            f();
        }
        started.elapsed().as_secs_f64() * 1e6 / iters as f64
    });
    median(per_round.collect())
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().parse().expect("a number"))
        .unwrap_or(default)
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let rounds = env_usize("BENCH_ROUNDS", if full { 15 } else { 1 }).max(1);
    println!("webhooks::verify, median of {rounds} rounds (µs per call)");
    println!("| event | verify (HMAC + decode) | verify_signature (HMAC) | MB/s (verify) |");
    println!("|---|---|---|---|");
    for (label, size, iters) in [("1 KiB", 1024, 20_000), ("64 KiB", 64 * 1024, 400)] {
        let iters = if full { iters } else { 10 };
        let body = event(size);
        let signature = webhooks::sign(SECRET, &body);
        webhooks::verify(SECRET, &signature, &body).expect("the bench event verifies");
        let whole = measure(rounds, iters, || {
            let event = webhooks::verify(SECRET, black_box(&signature), black_box(&body));
            black_box(event.ok());
        });
        let hmac = measure(rounds, iters, || {
            let checked =
                webhooks::verify_signature(SECRET, black_box(&signature), black_box(&body));
            black_box(checked.ok());
        });
        let mb_per_s = size as f64 / whole; // bytes per µs = MB/s
        println!("| {label} | {whole:.2} µs | {hmac:.2} µs | {mb_per_s:.0} |");
    }
}
