//! When and how to retry: the policy, each attempt's verdict, and the one loop that drives
//! attempts, with jittered exponential backoff (backon).

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use backon::{BackoffBuilder, ExponentialBuilder};

pub(crate) use crate::verdict::{Verdict, retry_after};

/// How the client retries transient failures.
///
/// Retried: 429, 500, 502, 503, 504, connection failures and timeouts, with exponential
/// backoff and jitter, honouring `Retry-After`. Every POST carries an `Idempotency-Key`
/// reused on each attempt, so a retried create never creates twice. Never retried: 409 and
/// other 4xx (a 401 for an expired token is refreshed and retried once, separately).
///
/// ```
/// use std::time::Duration;
/// let policy = dwolla_api::RetryPolicy::default()
///     .max_attempts(5)
///     .initial_backoff(Duration::from_millis(100))
///     .max_elapsed(Duration::from_secs(20));
/// assert_eq!(policy.attempts(), 5);
/// assert_eq!(dwolla_api::RetryPolicy::disabled().attempts(), 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_elapsed: Duration,
    jitter: bool,
}

impl Default for RetryPolicy {
    /// 3 attempts, backoff from 250 ms doubling to at most 5 s, with jitter, 30 s in all.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(5),
            max_elapsed: Duration::from_secs(30),
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// No retries: the first failure is returned.
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }
    /// Attempts in all, the first included (at least 1).
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }
    /// Delay before the first retry; doubles each time.
    pub fn initial_backoff(mut self, d: Duration) -> Self {
        self.initial_backoff = d;
        self
    }
    /// Cap on one backoff delay (a server's `Retry-After` may ask for longer, within `max_elapsed`).
    pub fn max_backoff(mut self, d: Duration) -> Self {
        self.max_backoff = d;
        self
    }
    /// No retry starts once this much time has passed since the first attempt (or would pass while waiting).
    pub fn max_elapsed(mut self, d: Duration) -> Self {
        self.max_elapsed = d;
        self
    }
    /// Randomise delays so that many clients don't retry in step (on by default).
    pub fn jitter(mut self, on: bool) -> Self {
        self.jitter = on;
        self
    }
    /// The configured number of attempts.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    pub(crate) fn backoff(&self) -> impl Iterator<Item = Duration> + use<> {
        let mut b = ExponentialBuilder::default()
            .with_min_delay(self.initial_backoff)
            .with_max_delay(self.max_backoff)
            .with_factor(2.0)
            .with_max_times(self.max_attempts.saturating_sub(1) as usize);
        if self.jitter {
            b = b.with_jitter();
        }
        b.build()
    }

    /// Decide after a transient failure. `retry_after` is the server's ask, `next_backoff`
    /// the schedule's next delay (None when spent).
    pub(crate) fn decide(
        &self,
        retry_after: Option<Duration>,
        attempt: u32,
        elapsed: Duration,
        next_backoff: Option<Duration>,
    ) -> Decision {
        if attempt >= self.max_attempts {
            return Decision::Stop;
        }
        let Some(delay) = retry_after.or(next_backoff) else {
            return Decision::Stop;
        };
        // Checked: `delay` may be a server's `Retry-After` of any size. One longer than the
        // time left ends the retries; the error hands the delay to the caller.
        if elapsed
            .checked_add(delay)
            .is_none_or(|t| t > self.max_elapsed)
        {
            return Decision::Stop;
        }
        Decision::RetryAfter(delay)
    }

    /// Run `attempt` until its verdict is final or the policy says stop, and return the last
    /// attempt's value. The one loop every call's attempts go through (each a copy of the
    /// call's request; see `ClientState::execute`).
    pub(crate) async fn run<T, A, Fut>(&self, mut attempt: A) -> T
    where
        A: FnMut(Try) -> Fut,
        Fut: Future<Output = (T, Verdict)>,
    {
        let started = Instant::now();
        // Built on the first retry: the happy path never needs a schedule.
        let mut backoff = None;
        let mut n: u32 = 0;
        let mut may_refresh = true;
        loop {
            n = n.saturating_add(1);
            let (value, verdict) = attempt(Try { n, may_refresh }).await;
            let (status, retry_after) = match verdict {
                Verdict::Final => return value,
                Verdict::ExpiredToken if may_refresh => {
                    // Already refreshed by the attempt; resend once, not counted.
                    may_refresh = false;
                    n = n.saturating_sub(1);
                    tracing::info!("access token expired; refreshed, resending once");
                    continue;
                }
                Verdict::ExpiredToken => return value,
                Verdict::Transient {
                    status,
                    retry_after,
                } => (status, retry_after),
            };
            let next = backoff.get_or_insert_with(|| self.backoff()).next();
            match self.decide(retry_after, n, started.elapsed(), next) {
                Decision::RetryAfter(d) => {
                    tracing::info!(
                        attempt = n,
                        status = status.map(|s| s.as_u16()),
                        delay_ms = u64::try_from(d.as_millis()).unwrap_or(u64::MAX),
                        "retrying after a transient failure"
                    );
                    drop(value);
                    tokio::time::sleep(d).await;
                }
                Decision::Stop => return value,
            }
        }
    }
}

/// Which attempt this is, for the attempt function of [`RetryPolicy::run`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Try {
    /// 1 for the first attempt; a resend after a token refresh keeps the number.
    pub(crate) n: u32,
    /// Whether an expired-token 401 may still be refreshed (once per call).
    pub(crate) may_refresh: bool,
}

impl Default for Try {
    /// The first attempt.
    fn default() -> Self {
        Try {
            n: 1,
            may_refresh: true,
        }
    }
}

/// What to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    Stop,
    RetryAfter(Duration),
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use reqwest::StatusCode;
    use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};
    use std::time::SystemTime;

    fn status(code: u16) -> StatusCode {
        StatusCode::from_u16(code).unwrap()
    }

    fn transient(code: u16, after: Option<Duration>) -> Verdict {
        Verdict::Transient {
            status: Some(status(code)),
            retry_after: after,
        }
    }

    #[test]
    fn transient_statuses_retry_and_others_do_not() {
        let h = HeaderMap::new();
        for code in [429, 500, 502, 503, 504] {
            assert_eq!(
                Verdict::of_response(status(code), &h),
                transient(code, None),
                "{code}"
            );
        }
        for code in [200, 201, 400, 401, 403, 404, 409, 422] {
            assert_eq!(
                Verdict::of_response(status(code), &h),
                Verdict::Final,
                "{code}"
            );
        }
        let delay = Duration::from_millis(10);
        assert_eq!(
            RetryPolicy::default().decide(None, 1, Duration::ZERO, Some(delay)),
            Decision::RetryAfter(delay)
        );
    }

    #[test]
    fn attempts_and_elapsed_bound_retries() {
        let p = RetryPolicy::default()
            .max_attempts(3)
            .max_elapsed(Duration::from_secs(1));
        let d = Some(Duration::from_millis(100));
        assert_eq!(p.decide(None, 3, Duration::ZERO, d), Decision::Stop);
        assert_eq!(
            p.decide(None, 2, Duration::from_millis(950), d),
            Decision::Stop
        );
        assert_eq!(p.decide(None, 2, Duration::ZERO, None), Decision::Stop);
        assert_eq!(
            RetryPolicy::disabled().decide(None, 1, Duration::ZERO, d),
            Decision::Stop
        );
    }

    #[test]
    fn retry_after_seconds_and_http_date_are_honoured() {
        let p = RetryPolicy::default();
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("2"));
        let two = Some(Duration::from_secs(2));
        assert_eq!(Verdict::of_response(status(429), &h), transient(429, two));
        assert_eq!(Verdict::of_response(status(503), &h), transient(503, two));
        // A 500's Retry-After is not a throttle signal; the schedule decides.
        assert_eq!(Verdict::of_response(status(500), &h), transient(500, None));
        assert_eq!(
            p.decide(two, 1, Duration::ZERO, Some(Duration::from_millis(1))),
            Decision::RetryAfter(Duration::from_secs(2))
        );
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let later = httpdate::fmt_http_date(now + Duration::from_secs(7));
        h.insert(RETRY_AFTER, HeaderValue::from_str(&later).unwrap());
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(7)));
        h.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&h, now), None);
    }

    #[test]
    fn huge_delays_stop_retrying_instead_of_overflowing() {
        let huge = Some(Duration::from_secs(u64::MAX));
        let p = RetryPolicy::default();
        assert_eq!(
            p.decide(huge, 1, Duration::from_secs(1), None),
            Decision::Stop
        );
        let p = RetryPolicy::default().initial_backoff(Duration::MAX);
        let next = p.backoff().next();
        assert_eq!(
            p.decide(None, 1, Duration::from_millis(5), next),
            Decision::Stop
        );
        let mut h = HeaderMap::new();
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_static("18446744073709551615"),
        );
        assert_eq!(retry_after(&h, SystemTime::now()), huge);
    }

    /// Drive `run` with scripted verdicts; returns (value returned, tries seen).
    async fn drive(policy: RetryPolicy, script: &[Verdict]) -> (usize, Vec<Try>) {
        let mut seen = Vec::new();
        let value = policy
            .run(|t| {
                let i = seen.len();
                seen.push(t);
                let verdict = script.get(i).copied().unwrap_or_default();
                async move { (i, verdict) }
            })
            .await;
        (value, seen)
    }

    fn quick(attempts: u32) -> RetryPolicy {
        RetryPolicy::default()
            .max_attempts(attempts)
            .initial_backoff(Duration::ZERO)
            .max_backoff(Duration::ZERO)
            .jitter(false)
    }

    #[tokio::test]
    async fn run_resends_transient_failures_until_one_succeeds() {
        let script = [transient(503, None), transient(500, None), Verdict::Final];
        let (value, seen) = drive(quick(5), &script).await;
        assert_eq!(value, 2, "the successful third attempt's value is returned");
        let ns: Vec<u32> = seen.iter().map(|t| t.n).collect();
        assert_eq!(ns, [1, 2, 3]);
    }

    #[tokio::test]
    async fn run_returns_the_last_failure_when_attempts_are_spent() {
        let script = [transient(503, None); 5];
        let (value, seen) = drive(quick(3), &script).await;
        assert_eq!((value, seen.len()), (2, 3));
        let (value, seen) = drive(RetryPolicy::disabled(), &script).await;
        assert_eq!((value, seen.len()), (0, 1));
    }

    #[tokio::test]
    async fn run_resends_once_after_an_expired_token_without_counting_it() {
        let script = [Verdict::ExpiredToken, Verdict::ExpiredToken, Verdict::Final];
        let (value, seen) = drive(quick(3), &script).await;
        assert_eq!(
            value, 1,
            "a second expired token is returned, not refreshed"
        );
        assert_eq!(
            seen,
            [
                Try {
                    n: 1,
                    may_refresh: true
                },
                Try {
                    n: 1,
                    may_refresh: false
                }
            ]
        );
        // With retries disabled the refresh-and-resend still happens.
        let (value, seen) = drive(RetryPolicy::disabled(), &[Verdict::ExpiredToken]).await;
        assert_eq!((value, seen.len()), (1, 2));
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy::default()
            .max_attempts(6)
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(300))
            .jitter(false);
        let delays: Vec<_> = p.backoff().collect();
        assert_eq!(delays.len(), 5);
        // backon multiplies in f32, so compare at millisecond resolution.
        let ms: Vec<u128> = delays.iter().map(Duration::as_millis).collect();
        assert_eq!(ms, [100, 200, 300, 300, 300]);
    }
}
