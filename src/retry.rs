//! When to retry: a pure policy over outcomes, with jittered exponential backoff (backon).

use std::time::{Duration, SystemTime};

use backon::{BackoffBuilder, ExponentialBuilder};
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

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

    /// Decide after an attempt. `next_backoff` is the schedule's next delay (None when spent).
    pub(crate) fn decide(
        &self,
        outcome: Outcome<'_>,
        attempt: u32,
        elapsed: Duration,
        next_backoff: Option<Duration>,
    ) -> Decision {
        let class = classify(outcome);
        let retry_after = match class {
            Class::Transient => None,
            Class::Throttled(after) => after,
            Class::Final => return Decision::Stop,
        };
        if attempt >= self.max_attempts {
            return Decision::Stop;
        }
        let Some(delay) = retry_after.or(next_backoff) else {
            return Decision::Stop;
        };
        if elapsed + delay > self.max_elapsed {
            return Decision::Stop;
        }
        Decision::RetryAfter(delay)
    }
}

/// What an attempt ended in, as far as retrying cares.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Outcome<'a> {
    /// A response arrived.
    Response(StatusCode, &'a HeaderMap),
    /// Connecting failed, the connection broke, or the attempt timed out.
    Transient,
    /// Any other error (building the request, reading a body, ...).
    Fatal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Transient,
    Throttled(Option<Duration>),
    Final,
}

fn classify(outcome: Outcome<'_>) -> Class {
    match outcome {
        Outcome::Transient => Class::Transient,
        Outcome::Fatal => Class::Final,
        Outcome::Response(status, headers) => match status.as_u16() {
            429 | 503 => Class::Throttled(retry_after(headers, SystemTime::now())),
            500 | 502 | 504 => Class::Transient,
            _ => Class::Final,
        },
    }
}

/// What to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    Stop,
    RetryAfter(Duration),
}

/// `Retry-After` as delta-seconds or an HTTP date (RFC 9110 §10.2.3).
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let v = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(v).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn status(code: u16) -> StatusCode {
        StatusCode::from_u16(code).unwrap()
    }

    #[test]
    fn transient_statuses_retry_and_others_do_not() {
        let p = RetryPolicy::default();
        let h = HeaderMap::new();
        let delay = Duration::from_millis(10);
        let d = Some(delay);
        for code in [429, 500, 502, 503, 504] {
            assert_eq!(
                p.decide(Outcome::Response(status(code), &h), 1, Duration::ZERO, d),
                Decision::RetryAfter(delay),
                "{code}"
            );
        }
        for code in [200, 201, 400, 401, 403, 404, 409, 422] {
            assert_eq!(
                p.decide(Outcome::Response(status(code), &h), 1, Duration::ZERO, d),
                Decision::Stop,
                "{code}"
            );
        }
        assert_eq!(
            p.decide(Outcome::Transient, 1, Duration::ZERO, d),
            Decision::RetryAfter(delay)
        );
        assert_eq!(
            p.decide(Outcome::Fatal, 1, Duration::ZERO, d),
            Decision::Stop
        );
    }

    #[test]
    fn attempts_and_elapsed_bound_retries() {
        let p = RetryPolicy::default()
            .max_attempts(3)
            .max_elapsed(Duration::from_secs(1));
        let d = Some(Duration::from_millis(100));
        assert_eq!(
            p.decide(Outcome::Transient, 3, Duration::ZERO, d),
            Decision::Stop
        );
        assert_eq!(
            p.decide(Outcome::Transient, 2, Duration::from_millis(950), d),
            Decision::Stop
        );
        assert_eq!(
            RetryPolicy::disabled().decide(Outcome::Transient, 1, Duration::ZERO, d),
            Decision::Stop
        );
    }

    #[test]
    fn retry_after_seconds_and_http_date_are_honoured() {
        let p = RetryPolicy::default();
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("2"));
        assert_eq!(
            p.decide(
                Outcome::Response(status(429), &h),
                1,
                Duration::ZERO,
                Some(Duration::from_millis(1))
            ),
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
