//! How many log lines a second the logs stream (`nivel::app::lab_logs`, what `nivel logs` and the
//! logs view read) hands to an event sink that does nothing with them: the most the desktop app's logs view can be fed.
//! Two figures: lines a second as read (the engine's pace included), and the stream's own CPU
//! time per line, the ceiling were the engine infinitely fast. `scripts/bench-logs.sh` runs it
//! on its test container:
//!
//! ```sh
//! cargo run --release --example logs_ceiling -- PROJECT [RUNS]
//! ```

use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use nivel::app::{Context, LogRequest};
use nivel::events::{Event, EventSink};

/// Counts the lines it is given, and nothing more.
#[derive(Default)]
struct Count(AtomicU64);

impl EventSink for Count {
    fn emit(&self, event: Event) {
        if matches!(event, Event::LogLine { .. }) {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(project) = args.first() else {
        eprintln!("usage: logs_ceiling PROJECT [RUNS]");
        return ExitCode::from(2);
    };
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
    match measure(project, runs) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("logs_ceiling: {e}");
            ExitCode::FAILURE
        }
    }
}

fn measure(project: &str, runs: usize) -> Result<(), Box<dyn std::error::Error>> {
    // The desktop app's runtime: tokio's multi-threaded one.
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let ctx = Context::from_env(&|k| std::env::var(k).ok(), std::env::vars().collect(), std::env::current_dir()?)?;
    let (mut rates, mut cpu_per_line) = (Vec::new(), Vec::new());
    for run in 1..=runs {
        let sink = Count::default();
        let (started, cpu_before) = (Instant::now(), cpu_seconds()?);
        rt.block_on(async { nivel::app::lab_logs(&ctx, project, LogRequest::default()).await?.read(&sink).await })?;
        let seconds = started.elapsed().as_secs_f64();
        let cpu = cpu_seconds()? - cpu_before;
        let lines = sink.0.load(Ordering::Relaxed) as f64;
        println!("run {run}: {lines} lines in {seconds:.3} s ({:.0} lines/s), {cpu:.2} s of CPU", lines / seconds);
        rates.push(lines / seconds);
        cpu_per_line.push(cpu / lines);
    }
    let (rate, cpu) = (median(rates), median(cpu_per_line));
    println!("median: {rate:.0} lines/s read; {:.2} µs of CPU a line, a ceiling of {:.0} lines/s", cpu * 1e6, 1.0 / cpu);
    Ok(())
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// This process's CPU time (user and system, every thread) from `/proc/self/stat`, whose clock
/// ticks are a hundredth of a second on Linux.
fn cpu_seconds() -> Result<f64, Box<dyn std::error::Error>> {
    let stat = std::fs::read_to_string("/proc/self/stat")?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(") ").map(|(_, r)| r).ok_or("an unreadable /proc/self/stat")?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).ok_or("no CPU times in /proc/self/stat");
    // utime and stime: fields 14 and 15 of the line, the 12th and 13th after the name.
    Ok((ticks(11)? + ticks(12)?) / 100.0)
}
