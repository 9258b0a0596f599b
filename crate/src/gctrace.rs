//! `GODEBUG=gctrace=1` logs: parsing and the `gctrace` analysis.
//!
//! The runtime prints one line per collection to stderr:
//!
//! ```text
//! gc N @Ts P%: a+b+c ms clock, a+b/c/d+e ms cpu, A->B->C MB, D MB goal, E MB stacks, F MB globals, G P
//! ```
//!
//! (the `stacks` and `globals` fields since Go 1.18, checked with 1.17 and 1.18; ` (forced)` at the end
//! of a collection forced by `runtime.GC()` or the scavenger). The clock
//! fields are the wall time of sweep termination (stop-the-world), concurrent
//! mark and mark termination (stop-the-world); the cpu fields are the CPU time
//! of sweep termination, mark assist, background mark, idle mark and mark
//! termination. `P%` is cumulative since program start, so the GC CPU of a
//! stretch of the log is computed here from deltas of the cpu fields, never
//! from `P%`. Other lines (the program's own output, `scvg`, `pacer:`) are
//! ignored; a line starting with `gc <digits> @` that does not parse is
//! reported with the column of the field that is wrong.
//!
//! The analysis (`kind: "gctrace"`) holds `format` ("gctrace"), counts of
//! `lines`, `gcLines`, `ignoredLines` and `malformedLines`, `rows` (one per
//! collection, at most `MAX_ROWS`, the rest counted in `rowsDropped`),
//! `windowGcs` (GT605's `window-gcs` option), `windows` (consecutive
//! stretches of `windowGcs` collections, at most `MAX_ROWS`, the rest counted
//! in `windowsDropped`) and `summary`.
//! A window spans from the start of its first collection to the start of the
//! collection after its last, so only complete windows exist; its GC CPU
//! fraction is the sum of the cpu fields of its collections over its wall
//! time × GOMAXPROCS (each interval weighted by the `P` of the collection
//! starting it). `gcCpuFraction` leaves idle-mark time out (it only uses Ps
//! that had nothing else to run); `gcCpuFractionWithIdle` counts it, as the
//! runtime's `P%` does. STW pause percentiles are nearest-rank over the two
//! stop-the-world phases of every collection (the first `MAX_PAUSES`).
//! Work is linear in the size of the log, with no recursion.

use serde_json::{json, Value};

use crate::textlog::unprefixed_lines;
pub use crate::textlog::Malformed;

/// Per-collection rows kept in the analysis; the rest are counted.
pub const MAX_ROWS: usize = 10_000;
/// STW pauses kept for percentiles (two per collection); the total counts all.
pub const MAX_PAUSES: usize = 2_000_000;
/// Malformed lines reported as findings; the rest are counted.
pub const MAX_MALFORMED_REPORTED: usize = 100;

/// One parsed gctrace line.
#[derive(Debug, Clone, PartialEq)]
pub struct GcRow {
    /// 1-based line in the log.
    pub line: u32,
    /// Byte range of the line (without its line terminator).
    pub start: usize,
    pub end: usize,
    pub n: u64,
    /// Seconds since program start.
    pub time_s: f64,
    /// Cumulative GC CPU percentage since program start, as printed.
    pub percent: u64,
    /// Wall clock ms: sweep termination (STW), concurrent mark, mark termination (STW).
    pub clock_ms: [f64; 3],
    /// CPU ms: sweep termination, mark assist, background mark, idle mark, mark termination.
    pub cpu_ms: [f64; 5],
    pub heap_start_mb: u64,
    pub heap_end_mb: u64,
    pub heap_live_mb: u64,
    pub goal_mb: u64,
    pub stacks_mb: Option<u64>,
    pub globals_mb: Option<u64>,
    pub procs: u64,
    pub forced: bool,
}

impl GcRow {
    pub fn cpu_total(&self) -> f64 {
        self.cpu_ms.iter().sum()
    }

    fn to_json(&self) -> Value {
        json!({
            "line": self.line,
            "n": self.n,
            "timeS": self.time_s,
            "percent": self.percent,
            "clockMs": { "sweepTermination": self.clock_ms[0], "mark": self.clock_ms[1], "markTermination": self.clock_ms[2] },
            "cpuMs": {
                "sweepTermination": self.cpu_ms[0],
                "assist": self.cpu_ms[1],
                "background": self.cpu_ms[2],
                "idle": self.cpu_ms[3],
                "markTermination": self.cpu_ms[4],
            },
            "heapStartMb": self.heap_start_mb,
            "heapEndMb": self.heap_end_mb,
            "heapLiveMb": self.heap_live_mb,
            "goalMb": self.goal_mb,
            "stacksMb": self.stacks_mb,
            "globalsMb": self.globals_mb,
            "procs": self.procs,
            "forced": self.forced,
        })
    }
}

/// Whether a line starts like a gctrace line: `gc <digits> @`.
pub fn is_gc_line(line: &[u8]) -> bool {
    let Some(rest) = line.strip_prefix(b"gc ") else { return false };
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    digits > 0 && rest[digits..].starts_with(b" @")
}

/// Whether the content is a gctrace log: at least one gctrace line.
pub fn looks_like(content: &[u8]) -> bool {
    unprefixed_lines(content).any(|(_, line)| is_gc_line(line))
}

/// A cursor over one line.
struct Cursor<'a> {
    line: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    /// The error at the cursor: the bad field runs to the next space (after
    /// any spaces it starts with).
    fn error(&self, what: &str) -> (usize, usize, String) {
        let token = self.pos + self.line[self.pos..].iter().take_while(|b| **b == b' ').count();
        let end = self.line[token..].iter().position(|b| *b == b' ').map_or(self.line.len(), |n| token + n);
        let found = String::from_utf8_lossy(&self.line[token..end]).into_owned();
        let found = if found.is_empty() { "end of line".to_string() } else { format!("`{found}`") };
        (self.pos, end, format!("malformed gctrace line: expected {what}, found {found}"))
    }

    fn literal(&mut self, text: &str) -> Result<(), (usize, usize, String)> {
        if self.line[self.pos..].starts_with(text.as_bytes()) {
            self.pos += text.len();
            Ok(())
        } else {
            // Report where the text first differs, expecting the rest of it.
            let same = self.line[self.pos..].iter().zip(text.as_bytes()).take_while(|(a, b)| a == b).count();
            let at = Cursor { line: self.line, pos: self.pos + same };
            let rest = text[same..].trim();
            Err(at.error(&format!("`{}`", if rest.is_empty() { text.trim() } else { rest })))
        }
    }

    fn uint(&mut self, what: &str) -> Result<u64, (usize, usize, String)> {
        let digits = self.line[self.pos..].iter().take_while(|b| b.is_ascii_digit()).count();
        let text = std::str::from_utf8(&self.line[self.pos..self.pos + digits]).unwrap_or("");
        match text.parse::<u64>() {
            Ok(value) if digits > 0 => {
                self.pos += digits;
                Ok(value)
            }
            _ => Err(self.error(what)),
        }
    }

    fn number(&mut self, what: &str) -> Result<f64, (usize, usize, String)> {
        let len = self.line[self.pos..].iter().take_while(|b| b.is_ascii_digit() || **b == b'.').count();
        let text = std::str::from_utf8(&self.line[self.pos..self.pos + len]).unwrap_or("");
        let valid = len > 0 && text.bytes().filter(|b| *b == b'.').count() <= 1 && text.bytes().next().is_some_and(|b| b.is_ascii_digit());
        match text.parse::<f64>() {
            Ok(value) if valid && value.is_finite() => {
                self.pos += len;
                Ok(value)
            }
            _ => Err(self.error(what)),
        }
    }
}

/// Parses one gctrace line (already known to start with `gc <digits> @`).
pub fn parse_line(line: &[u8], line_number: u32, start: usize) -> Result<GcRow, Malformed> {
    let mut c = Cursor { line, pos: 0 };
    let result = (|| {
        c.literal("gc ")?;
        let n = c.uint("the GC number")?;
        c.literal(" @")?;
        let time_s = c.number("the time since start in seconds")?;
        c.literal("s ")?;
        let percent = c.uint("the cumulative GC CPU percentage")?;
        c.literal("%: ")?;
        let mut clock_ms = [0.0; 3];
        for (i, what) in ["sweep termination clock ms", "concurrent mark clock ms", "mark termination clock ms"].iter().enumerate() {
            if i > 0 {
                c.literal("+")?;
            }
            clock_ms[i] = c.number(what)?;
        }
        c.literal(" ms clock, ")?;
        let mut cpu_ms = [0.0; 5];
        let seps = ["", "+", "/", "/", "+"];
        let names = ["sweep termination cpu ms", "mark assist cpu ms", "background mark cpu ms", "idle mark cpu ms", "mark termination cpu ms"];
        for i in 0..5 {
            if i > 0 {
                c.literal(seps[i])?;
            }
            cpu_ms[i] = c.number(names[i])?;
        }
        c.literal(" ms cpu, ")?;
        let heap_start_mb = c.uint("the heap size at GC start in MB")?;
        c.literal("->")?;
        let heap_end_mb = c.uint("the heap size at GC end in MB")?;
        c.literal("->")?;
        let heap_live_mb = c.uint("the live heap in MB")?;
        c.literal(" MB, ")?;
        let goal_mb = c.uint("the heap goal in MB")?;
        c.literal(" MB goal, ")?;
        let value = c.uint("a size in MB or the number of Ps")?;
        let (stacks_mb, globals_mb, procs) = if c.line[c.pos..].starts_with(b" MB stacks, ") {
            c.literal(" MB stacks, ")?;
            let globals = c.uint("the globals size in MB")?;
            c.literal(" MB globals, ")?;
            let procs = c.uint("the number of Ps")?;
            (Some(value), Some(globals), procs)
        } else {
            (None, None, value)
        };
        c.literal(" P")?;
        let forced = c.line[c.pos..].starts_with(b" (forced)");
        if forced {
            c.pos += b" (forced)".len();
        }
        c.pos += c.line[c.pos..].iter().take_while(|b| b.is_ascii_whitespace()).count();
        if c.pos < c.line.len() {
            return Err(c.error("the end of the line (or ` (forced)`)"));
        }
        Ok(GcRow {
            line: line_number,
            start,
            end: start + line.len(),
            n,
            time_s,
            percent,
            clock_ms,
            cpu_ms,
            heap_start_mb,
            heap_end_mb,
            heap_live_mb,
            goal_mb,
            stacks_mb,
            globals_mb,
            procs,
            forced,
        })
    })();
    result.map_err(|(s, e, message)| Malformed { start: start + s, end: start + e, message })
}

/// A stretch of `window` consecutive collections.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    /// Index (0-based, among parsed collections) of the first collection.
    pub first: usize,
    pub first_line: u32,
    pub first_start: usize,
    pub first_end: usize,
    pub first_gc: u64,
    pub last_gc: u64,
    pub start_s: f64,
    pub end_s: f64,
    pub gcs: usize,
    /// GOMAXPROCS at the first collection.
    pub procs: u64,
    /// Sum of the cpu fields (ms), and of each.
    pub cpu_ms: [f64; 5],
    /// Wall time × Ps (ms).
    pub capacity_ms: f64,
    pub goal_min_mb: u64,
    pub goal_max_mb: u64,
}

impl Window {
    pub fn duration_s(&self) -> f64 {
        self.end_s - self.start_s
    }
    pub fn gc_rate(&self) -> f64 {
        if self.duration_s() > 0.0 {
            self.gcs as f64 / self.duration_s()
        } else {
            0.0
        }
    }
    pub fn cpu_fraction(&self) -> f64 {
        ratio(self.cpu_ms.iter().sum::<f64>() - self.cpu_ms[3], self.capacity_ms)
    }
    pub fn cpu_fraction_with_idle(&self) -> f64 {
        ratio(self.cpu_ms.iter().sum(), self.capacity_ms)
    }
    pub fn assist_share(&self) -> f64 {
        ratio(self.cpu_ms[1], self.cpu_ms.iter().sum())
    }

    fn to_json(&self) -> Value {
        json!({
            "firstLine": self.first_line,
            "firstGc": self.first_gc,
            "lastGc": self.last_gc,
            "startS": self.start_s,
            "endS": self.end_s,
            "gcs": self.gcs,
            "procs": self.procs,
            "gcRatePerS": round(self.gc_rate()),
            "gcCpuMs": round(self.cpu_ms.iter().sum()),
            "assistCpuMs": round(self.cpu_ms[1]),
            "gcCpuFraction": round(self.cpu_fraction()),
            "gcCpuFractionWithIdle": round(self.cpu_fraction_with_idle()),
            "markAssistShare": round(self.assist_share()),
            "goalMbMin": self.goal_min_mb,
            "goalMbMax": self.goal_max_mb,
        })
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        0.0
    }
}

/// Rounds to 6 decimals so sums print stably.
pub fn round(value: f64) -> f64 {
    (value * 1e6).round() / 1e6
}

/// The whole log, summarised in one pass.
#[derive(Debug, Default)]
pub struct Trace {
    pub lines: u64,
    pub gc_lines: u64,
    pub ignored_lines: u64,
    pub malformed: Vec<Malformed>,
    pub malformed_lines: u64,
    /// The first `MAX_ROWS` collections.
    pub rows: Vec<GcRow>,
    pub gcs: u64,
    pub forced: u64,
    pub first_s: f64,
    pub last_s: f64,
    pub cpu_ms: [f64; 5],
    /// GC CPU and Ps × wall time from the first to the last collection's start.
    pub span_cpu_ms: [f64; 5],
    pub capacity_ms: f64,
    pub pauses: Vec<f64>,
    pub pauses_total_ms: f64,
    pub pause_count: u64,
    pub pause_max_ms: f64,
    pub live_min_mb: u64,
    pub live_max_mb: u64,
    pub goal_min_mb: u64,
    pub goal_max_mb: u64,
    pub window_gcs: usize,
    /// Every complete window (one per `window_gcs` collections; the
    /// analysis shows the first `MAX_ROWS`).
    pub windows: Vec<Window>,
}

/// Parses a log; `window_gcs` collections per window (at least 1).
pub fn parse(content: &[u8], window_gcs: usize) -> Trace {
    let window_gcs = window_gcs.max(1);
    let mut trace = Trace { window_gcs, ..Trace::default() };
    let mut previous: Option<GcRow> = None;
    let mut current: Option<Window> = None;
    for (index, (start, line)) in unprefixed_lines(content).enumerate() {
        if start >= content.len() && line.is_empty() {
            break; // the empty remainder after a final newline
        }
        trace.lines += 1;
        if !is_gc_line(line) {
            trace.ignored_lines += 1;
            continue;
        }
        let row = match parse_line(line, (index + 1) as u32, start) {
            Ok(row) => row,
            Err(malformed) => {
                trace.malformed_lines += 1;
                if trace.malformed.len() < MAX_MALFORMED_REPORTED {
                    trace.malformed.push(malformed);
                }
                continue;
            }
        };
        trace.gc_lines += 1;
        trace.add(&row, previous.as_ref(), &mut current);
        if trace.rows.len() < MAX_ROWS {
            trace.rows.push(row.clone());
        }
        previous = Some(row);
    }
    trace
}

impl Trace {
    fn add(&mut self, row: &GcRow, previous: Option<&GcRow>, current: &mut Option<Window>) {
        if self.gcs == 0 {
            self.first_s = row.time_s;
            self.live_min_mb = row.heap_live_mb;
            self.goal_min_mb = row.goal_mb;
        }
        self.gcs += 1;
        self.forced += u64::from(row.forced);
        self.last_s = row.time_s;
        for (sum, value) in self.cpu_ms.iter_mut().zip(row.cpu_ms) {
            *sum += value;
        }
        for pause in [row.clock_ms[0], row.clock_ms[2]] {
            self.pause_count += 1;
            self.pauses_total_ms += pause;
            self.pause_max_ms = self.pause_max_ms.max(pause);
            if self.pauses.len() < MAX_PAUSES {
                self.pauses.push(pause);
            }
        }
        self.live_min_mb = self.live_min_mb.min(row.heap_live_mb);
        self.live_max_mb = self.live_max_mb.max(row.heap_live_mb);
        self.goal_min_mb = self.goal_min_mb.min(row.goal_mb);
        self.goal_max_mb = self.goal_max_mb.max(row.goal_mb);
        // The interval from the previous collection's start to this one's
        // carries the previous collection's CPU, on its Ps.
        if let Some(previous) = previous {
            let interval_ms = ((row.time_s - previous.time_s) * 1000.0).max(0.0);
            let capacity = interval_ms * previous.procs as f64;
            self.capacity_ms += capacity;
            for (sum, value) in self.span_cpu_ms.iter_mut().zip(previous.cpu_ms) {
                *sum += value;
            }
            if let Some(window) = current.as_mut() {
                window.capacity_ms += capacity;
                for (sum, value) in window.cpu_ms.iter_mut().zip(previous.cpu_ms) {
                    *sum += value;
                }
                window.goal_min_mb = window.goal_min_mb.min(previous.goal_mb);
                window.goal_max_mb = window.goal_max_mb.max(previous.goal_mb);
                window.last_gc = previous.n;
                window.gcs += 1;
                if window.gcs == self.window_gcs {
                    window.end_s = row.time_s;
                    self.windows.extend(current.take());
                }
            }
        }
        if current.is_none() {
            *current = Some(Window {
                first: (self.gcs - 1) as usize,
                first_line: row.line,
                first_start: row.start,
                first_end: row.end,
                first_gc: row.n,
                last_gc: row.n,
                start_s: row.time_s,
                end_s: row.time_s,
                gcs: 0,
                procs: row.procs,
                cpu_ms: [0.0; 5],
                capacity_ms: 0.0,
                goal_min_mb: row.goal_mb,
                goal_max_mb: row.goal_mb,
            });
        }
    }

    pub fn duration_s(&self) -> f64 {
        self.last_s - self.first_s
    }

    /// Collections per second between the first and the last.
    pub fn gc_rate(&self) -> f64 {
        if self.gcs >= 2 && self.duration_s() > 0.0 {
            (self.gcs - 1) as f64 / self.duration_s()
        } else {
            0.0
        }
    }

    pub fn assist_share(&self) -> f64 {
        ratio(self.cpu_ms[1], self.cpu_ms.iter().sum())
    }

    pub fn cpu_fraction(&self) -> f64 {
        ratio(self.span_cpu_ms.iter().sum::<f64>() - self.span_cpu_ms[3], self.capacity_ms)
    }

    pub fn cpu_fraction_with_idle(&self) -> f64 {
        ratio(self.span_cpu_ms.iter().sum(), self.capacity_ms)
    }

    /// Nearest-rank percentile of the kept STW pauses.
    pub fn pause_percentile(&self, p: f64) -> f64 {
        if self.pauses.is_empty() {
            return 0.0;
        }
        let mut sorted = self.pauses.clone();
        sorted.sort_by(|a, b| a.total_cmp(b));
        let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
        sorted[rank - 1]
    }

    pub fn analysis(&self) -> Value {
        let total_cpu: f64 = self.cpu_ms.iter().sum();
        json!({
            "format": "gctrace",
            "lines": self.lines,
            "gcLines": self.gc_lines,
            "ignoredLines": self.ignored_lines,
            "malformedLines": self.malformed_lines,
            "rows": self.rows.iter().map(GcRow::to_json).collect::<Vec<_>>(),
            "rowsDropped": self.gcs - self.rows.len() as u64,
            "windowGcs": self.window_gcs,
            "windows": self.windows.iter().take(MAX_ROWS).map(Window::to_json).collect::<Vec<_>>(),
            "windowsDropped": self.windows.len().saturating_sub(MAX_ROWS),
            "summary": {
                "gcs": self.gcs,
                "forced": self.forced,
                "firstS": self.first_s,
                "lastS": self.last_s,
                "durationS": round(self.duration_s()),
                "gcRatePerS": round(self.gc_rate()),
                "stwPauseMs": {
                    "count": self.pause_count,
                    "p50": self.pause_percentile(0.5),
                    "p99": self.pause_percentile(0.99),
                    "max": self.pause_max_ms,
                    "total": round(self.pauses_total_ms),
                },
                "cpuMs": {
                    "total": round(total_cpu),
                    "sweepTermination": round(self.cpu_ms[0]),
                    "assist": round(self.cpu_ms[1]),
                    "background": round(self.cpu_ms[2]),
                    "idle": round(self.cpu_ms[3]),
                    "markTermination": round(self.cpu_ms[4]),
                },
                "markAssistShare": round(self.assist_share()),
                "gcCpuFraction": round(self.cpu_fraction()),
                "gcCpuFractionWithIdle": round(self.cpu_fraction_with_idle()),
                "heapLiveMb": { "min": self.live_min_mb, "max": self.live_max_mb },
                "goalMb": { "min": self.goal_min_mb, "max": self.goal_max_mb },
            },
        })
    }
}
