//! Throughput of `dwolla_api` against a bare `reqwest::Client` sending the same requests.
//!
//! Both create exchange sessions (`POST /customers/{id}/exchange-sessions`, same body bytes,
//! same `Accept`/`Content-Type`/`Authorization`, a fresh `Idempotency-Key` each, `Location`
//! read back) against the crate's fake Dwolla (`dwolla_api::testing::FakeDwolla`, a hyper
//! server on loopback), at concurrency 1 and 32, in the same run. Rounds alternate the
//! order of the two contenders; the table shows medians over the rounds.
//!
//! ```text
//! cargo bench --bench throughput
//! BENCH_N=50000 BENCH_ROUNDS=7 cargo bench --bench throughput
//! ```
//!
//! Environment: `BENCH_N` requests per round at concurrency 32 (default 20000; concurrency 1
//! does a tenth of it), `BENCH_ROUNDS` (default 5), `BENCH_CLIENT_THREADS` and
//! `BENCH_SERVER_THREADS` (tokio worker threads of each side, default 1 each).
//!
//! Threads: the target machine has 2 cores. The server runs on its own tokio runtime with
//! one worker thread, the clients on another with one worker thread, so each side has a
//! core to itself: client and server never compete for a worker, nor does a 3rd busy thread
//! preempt them (2 + 2 workers on 2 cores would make the numbers depend on the OS
//! scheduler). What is compared is the client side's cost per request, so the server must
//! not be the bottleneck: the table reports the server thread's busy share (CPU time /
//! wall time, from `/proc/self/task/<tid>/schedstat`) and the client threads' CPU time per
//! request, which is less sensitive than req/s to other load on the machine.
//!
//! Under `cargo test --benches` (no `--bench` argument) it runs a tiny smoke version.

#[cfg(dwolla_helper = "exchange_session_create")]
fn main() {
    bench::main();
}

#[cfg(not(dwolla_helper = "exchange_session_create"))]
fn main() {
    println!("skipped: the exchange-session helpers are compiled out (see the build warnings)");
}

#[cfg(dwolla_helper = "exchange_session_create")]
mod bench {
    use std::hint::black_box;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    use bytes::Bytes;
    use dwolla_api::testing::FakeDwolla;
    use dwolla_api::{Client, ExchangeSessionRequest};
    use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue, LOCATION};

    const HAL: &str = "application/vnd.dwolla.v1.hal+json";
    const CUSTOMER: &str = "74a207b2-b7b7-4efa-8bf8-582148e7b980";
    const PARTNER: &str =
        "https://api.dwolla.com/exchange-partners/f53ffb32-c84f-496a-9d9d-acd100d396ef";
    const BODY: &str = r#"{"_links":{"exchange-partner":{"href":"https://api.dwolla.com/exchange-partners/f53ffb32-c84f-496a-9d9d-acd100d396ef"}}}"#;

    const IDEMPOTENCY_KEY: &str = "idempotency-key";

    fn idempotency_key() -> HeaderValue {
        let mut buf = uuid::Uuid::encode_buffer();
        let key = uuid::Uuid::new_v4().hyphenated().encode_lower(&mut buf);
        HeaderValue::from_str(key).expect("a UUID is a header value")
    }

    // ---- threads and their CPU time -------------------------------------------------------

    type Tids = Arc<Mutex<Vec<u32>>>;

    fn current_tid() -> Option<u32> {
        let link = std::fs::read_link("/proc/thread-self").ok()?;
        link.file_name()?.to_str()?.parse().ok()
    }

    /// Nanoseconds this thread has run, or `None` off Linux (or once the thread is gone).
    fn thread_cpu_ns(tid: u32) -> Option<u64> {
        let s = std::fs::read_to_string(format!("/proc/self/task/{tid}/schedstat")).ok()?;
        s.split_whitespace().next()?.parse().ok()
    }

    fn cpu_snapshot(tids: &Tids) -> Vec<(u32, u64)> {
        let tids = tids.lock().unwrap().clone();
        tids.into_iter()
            .filter_map(|t| Some((t, thread_cpu_ns(t)?)))
            .collect()
    }

    fn cpu_since(tids: &Tids, before: &[(u32, u64)]) -> Option<Duration> {
        if before.is_empty() {
            return None;
        }
        let now = cpu_snapshot(tids);
        let ns: u64 = before
            .iter()
            .filter_map(|(t, b)| {
                now.iter()
                    .find(|(n, _)| n == t)
                    .map(|(_, a)| a.saturating_sub(*b))
            })
            .sum();
        Some(Duration::from_nanos(ns))
    }

    fn runtime(name: &str, workers: usize, tids: &Tids) -> tokio::runtime::Runtime {
        let record = tids.clone();
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(workers)
            .thread_name(name)
            .on_thread_start(move || record.lock().unwrap().extend(current_tid()))
            .enable_all()
            .build()
            .expect("tokio runtime")
    }

    // ---- the contenders -------------------------------------------------------------------

    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    enum Who {
        Raw,
        Crate,
    }

    struct Contenders {
        dwolla: Client,
        request: ExchangeSessionRequest,
        raw: reqwest::Client,
        raw_url: String,
        raw_body: Bytes,
        /// A token the fake issued for the raw side, without a token request.
        raw_bearer: HeaderValue,
    }

    impl Contenders {
        async fn one(&self, who: Who) {
            match who {
                Who::Crate => {
                    let created = self
                        .dwolla
                        .create_exchange_session(CUSTOMER, &self.request)
                        .send()
                        .await
                        .and_then(|r| r.created())
                        .expect("crate: create");
                    black_box(created.id());
                }
                Who::Raw => {
                    let response = self
                        .raw
                        .post(&self.raw_url)
                        .header(ACCEPT, HeaderValue::from_static(HAL))
                        .header(CONTENT_TYPE, HeaderValue::from_static(HAL))
                        .header(AUTHORIZATION, self.raw_bearer.clone())
                        // The same request the crate sends: a fresh key per create.
                        .header(IDEMPOTENCY_KEY, idempotency_key())
                        .body(self.raw_body.clone())
                        .send()
                        .await
                        .expect("raw: send");
                    assert_eq!(
                        response.status(),
                        reqwest::StatusCode::CREATED,
                        "raw: status"
                    );
                    let location = response.headers().get(LOCATION).expect("raw: Location");
                    black_box(location.to_str().expect("raw: Location is ASCII"));
                }
            }
        }

        /// `n` requests from `concurrency` tasks; wall time.
        async fn run(self: &Arc<Self>, who: Who, concurrency: usize, n: usize) -> Duration {
            let next = Arc::new(AtomicUsize::new(0));
            let started = Instant::now();
            let mut tasks = tokio::task::JoinSet::new();
            for _ in 0..concurrency {
                let (this, next) = (self.clone(), next.clone());
                tasks.spawn(async move {
                    while next.fetch_add(1, Ordering::Relaxed) < n {
                        this.one(who).await;
                    }
                });
            }
            while let Some(r) = tasks.join_next().await {
                r.expect("worker task");
            }
            started.elapsed()
        }
    }

    // ---- measuring ------------------------------------------------------------------------

    struct Sample {
        rps: f64,
        client_cpu_us: Option<f64>,
        server_busy: Option<f64>,
    }

    fn median(mut v: Vec<f64>) -> f64 {
        if v.is_empty() {
            return f64::NAN;
        }
        v.sort_by(f64::total_cmp);
        let m = v.len() / 2;
        if v.len() % 2 == 1 {
            v[m]
        } else {
            (v[m - 1] + v[m]) / 2.0
        }
    }

    fn median_opt(v: Vec<Option<f64>>) -> Option<f64> {
        v.into_iter()
            .collect::<Option<Vec<_>>>()
            .filter(|v| !v.is_empty())
            .map(median)
    }

    fn env_usize(name: &str, default: usize) -> usize {
        match std::env::var(name) {
            Ok(v) => v
                .trim()
                .parse()
                .unwrap_or_else(|_| panic!("{name}={v} is not a number")),
            Err(_) => default,
        }
    }

    pub(super) fn main() {
        let full = std::env::args().any(|a| a == "--bench");
        let n32 = env_usize("BENCH_N", if full { 20_000 } else { 200 });
        let rounds = env_usize("BENCH_ROUNDS", if full { 5 } else { 1 }).max(1);
        let client_threads = env_usize("BENCH_CLIENT_THREADS", 1).max(1);
        let server_threads = env_usize("BENCH_SERVER_THREADS", 1).max(1);
        let plan = [(1usize, (n32 / 10).max(1)), (32usize, n32.max(32))];
        // For profiling one side alone: BENCH_ONLY=raw or BENCH_ONLY=crate.
        let only = match std::env::var("BENCH_ONLY").as_deref() {
            Ok("raw") => Some(Who::Raw),
            Ok("crate") => Some(Who::Crate),
            Ok(other) => panic!("BENCH_ONLY={other}: expected raw or crate"),
            Err(_) => None,
        };

        let server_tids: Tids = Arc::default();
        let client_tids: Tids = Arc::default();
        let server_rt = runtime("bench-server", server_threads, &server_tids);
        let client_rt = runtime("bench-client", client_threads, &client_tids);
        client_tids.lock().unwrap().extend(current_tid()); // block_on runs here

        let fake = FakeDwolla::builder()
            .start_on(server_rt.handle())
            .expect("the fake Dwolla on 127.0.0.1:0");
        let dwolla = fake.client_builder().build().expect("dwolla client");
        let request = ExchangeSessionRequest::web(PARTNER).expect("request");
        let raw_bearer = HeaderValue::try_from(format!("Bearer {}", fake.issue_token()))
            .expect("a token is a header value");
        let contenders = Arc::new(Contenders {
            dwolla: dwolla.clone(),
            request,
            raw: reqwest::Client::new(),
            raw_url: format!("{}/customers/{CUSTOMER}/exchange-sessions", fake.base_url()),
            raw_body: Bytes::from_static(BODY.as_bytes()),
            raw_bearer,
        });

        // Both contenders provably send the same request: one each, compared as the fake
        // recorded them; then the fake keeps counters only (no per-request memory).
        client_rt.block_on(async {
            contenders.one(Who::Crate).await;
            contenders.one(Who::Raw).await;
        });
        let sent = fake.api_requests();
        let [krate, raw] = sent.as_slice() else {
            panic!("expected 2 requests, the fake saw {}", sent.len());
        };
        assert_eq!(krate.body, raw.body, "same body bytes");
        assert_eq!(krate.body, BODY.as_bytes(), "the body the raw side sends");
        for h in [ACCEPT, CONTENT_TYPE] {
            assert_eq!(krate.header(h.as_str()), raw.header(h.as_str()), "{h}");
        }
        let key_len =
            |r: &dwolla_api::testing::RecordedRequest| r.header(IDEMPOTENCY_KEY).map(str::len);
        assert_eq!(key_len(krate), Some(36), "a UUID key");
        assert_eq!(key_len(raw), Some(36), "a UUID key");
        fake.keep_history(false);

        eprintln!(
            "throughput: {rounds} round(s), N = {} at c=1 and {} at c=32, {client_threads} client / {server_threads} server worker thread(s), {} CPUs",
            plan[0].1,
            plan[1].1,
            std::thread::available_parallelism().map_or(0, |n| n.get()),
        );

        let mut rows = Vec::new();
        client_rt.block_on(async {
            // Warm-up: the token, both pools' connections, allocator and caches.
            for who in [Who::Raw, Who::Crate] {
                contenders.run(who, 32, (n32 / 10).max(64)).await;
            }
            for &(concurrency, n) in &plan {
                let mut samples: [Vec<Sample>; 2] = [Vec::new(), Vec::new()];
                for round in 0..rounds {
                    let order = if round % 2 == 0 {
                        [Who::Raw, Who::Crate]
                    } else {
                        [Who::Crate, Who::Raw]
                    };
                    for who in order {
                        if only.is_some_and(|o| o != who) {
                            continue;
                        }
                        let (server_cpu, client_cpu) =
                            (cpu_snapshot(&server_tids), cpu_snapshot(&client_tids));
                        let wall = contenders.run(who, concurrency, n).await;
                        let server_cpu = cpu_since(&server_tids, &server_cpu);
                        let client_cpu = cpu_since(&client_tids, &client_cpu);
                        let s = Sample {
                            rps: n as f64 / wall.as_secs_f64(),
                            client_cpu_us: client_cpu.map(|d| d.as_secs_f64() * 1e6 / n as f64),
                            server_busy: server_cpu.map(|d| {
                                d.as_secs_f64() / wall.as_secs_f64() / server_threads as f64
                            }),
                        };
                        eprintln!(
                            "  c={concurrency:<2} round {} {who:?}: {:>8.0} req/s",
                            round + 1,
                            s.rps
                        );
                        samples[(who == Who::Crate) as usize].push(s);
                    }
                }
                rows.push((concurrency, n, samples));
            }
        });

        let server_tokens = fake.token_requests();
        let sessions = fake.sessions_created();

        println!();
        println!(
            "| c | N | raw reqwest req/s | dwolla-api req/s | ratio (crate/raw) | per-round ratios | client CPU µs/req raw / crate | server busy raw / crate |"
        );
        println!("|---|---|---|---|---|---|---|---|");
        let mut ratio32 = None;
        for (concurrency, n, [raw, krate]) in &rows {
            let rps = |v: &[Sample]| median(v.iter().map(|s| s.rps).collect());
            let cpu = |v: &[Sample]| median_opt(v.iter().map(|s| s.client_cpu_us).collect());
            let busy = |v: &[Sample]| median_opt(v.iter().map(|s| s.server_busy).collect());
            let (r, k) = (rps(raw), rps(krate));
            let ratio = k / r;
            let per_round: Vec<f64> = raw.iter().zip(krate).map(|(r, k)| k.rps / r.rps).collect();
            let lo = per_round.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = per_round.iter().copied().fold(0.0, f64::max);
            let fmt = |v: Option<f64>, scale: f64, unit: &str| {
                v.map_or("n/a".into(), |v| format!("{:.1}{unit}", v * scale))
            };
            println!(
                "| {concurrency} | {n} | {r:.0} | {k:.0} | {ratio:.3} | {lo:.2}–{hi:.2} | {} / {} | {} / {} |",
                fmt(cpu(raw), 1.0, ""),
                fmt(cpu(krate), 1.0, ""),
                fmt(busy(raw), 100.0, " %"),
                fmt(busy(krate), 100.0, " %"),
            );
            if *concurrency == 32 {
                ratio32 = Some(ratio);
            }
        }
        println!();
        println!(
            "the fake counted {server_tokens} token request(s) and created {sessions} session(s)"
        );
        if let Some(r) = ratio32 {
            let verdict = if r >= 0.90 { "met" } else { "NOT met" };
            println!("target (crate >= 0.90 x raw at c=32): {verdict} ({r:.3})");
        }
        assert_eq!(
            server_tokens, 1,
            "the crate should fetch exactly one token for all its requests"
        );
        server_rt.shutdown_background();
    }
}
