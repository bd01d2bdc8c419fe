//! The report as one HTML file an instructor can open anywhere and keep: the style is inline,
//! nothing is fetched and nothing runs. Every text that comes from the student or a lab file
//! is escaped.

use std::fmt::Write as _;

use super::words::{level_name, words};
use super::{ExerciseProgress, ExerciseStatus, LabProgress, LevelProgress, ProgressReport};
use crate::i18n::Lang;
use crate::progress::time::format_duration;

const STYLE: &str = include_str!("report.css");

/// The report as a self-contained HTML document in `lang`.
pub fn to_html(report: &ProgressReport, lang: Lang) -> String {
    let w = words(lang);
    let mut out = String::new();
    let code = lang.tag();
    let title = match &report.identity.name {
        Some(name) => format!("{} · {}", w.heading, escape(name)),
        None => w.heading.to_string(),
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n"
    );
    let _ = writeln!(out, "<h1>{}</h1>", w.heading);
    let _ = writeln!(
        out,
        "<p class=\"meta\">{} {} · Nivel {}</p>",
        w.generated,
        report.generated_at.display_utc(),
        escape(&report.nivel_version)
    );
    student(&mut out, report, lang);
    if report.levels.is_empty() {
        let _ = writeln!(out, "<p class=\"empty\">{}</p>", w.no_labs);
    } else {
        summary(&mut out, &report.levels, lang);
        for level in &report.levels {
            let _ = writeln!(out, "<section>\n<h2>{}</h2>", level_name(level.level, lang));
            for lab in &level.labs {
                lab_section(&mut out, lab, lang);
            }
            out.push_str("</section>\n");
        }
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn student(out: &mut String, report: &ProgressReport, lang: Lang) {
    let w = words(lang);
    let id = &report.identity;
    let _ = writeln!(out, "<dl class=\"student\" aria-label=\"{}\">", w.student);
    for (label, value) in [(w.name, &id.name), (w.id, &id.id), (w.group, &id.group)] {
        let value = value.as_deref().map_or_else(|| format!("<span class=\"unset\">{}</span>", w.not_set), escape);
        let _ = writeln!(out, "<dt>{label}</dt><dd>{value}</dd>");
    }
    out.push_str("</dl>\n");
}

fn summary(out: &mut String, levels: &[LevelProgress], lang: Lang) {
    let w = words(lang);
    let _ = writeln!(out, "<h2>{}</h2>\n<table class=\"summary\">", w.summary);
    for level in levels {
        let t = level.tally();
        let full = if t.total > 0 && t.passed == t.total { " full" } else { "" };
        let _ = writeln!(
            out,
            "<tr><td class=\"name\">{}</td><td><div class=\"bar{full}\" role=\"img\" aria-label=\"{pct}%\"><span style=\"width: {pct}%\"></span></div></td><td class=\"count\">{} / {} {}</td><td class=\"count\">{}</td></tr>",
            level_name(level.level, lang),
            t.passed,
            t.total,
            w.passed_count,
            format_duration(level.time_running()),
            pct = t.percent(),
        );
    }
    out.push_str("</table>\n");
}

fn lab_section(out: &mut String, lab: &LabProgress, lang: Lang) {
    let w = words(lang);
    let t = lab.tally();
    let _ = writeln!(out, "<h3>{} <code>{}</code></h3>", escape(lab.title.get(lang)), escape(&lab.id));
    let _ = writeln!(out, "<p class=\"lab-meta\">{} / {} {} · {}: {}</p>", t.passed, t.total, w.passed_count, w.time_running, format_duration(lab.time_running));
    if lab.exercises.is_empty() {
        let _ = writeln!(out, "<p class=\"empty\">{}</p>", w.no_exercises);
        return;
    }
    let _ = writeln!(
        out,
        "<table class=\"exercises\">\n<tr><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th></tr>",
        w.exercise, w.status, w.first_pass, w.attempts
    );
    for e in &lab.exercises {
        exercise_row(out, e, lang);
    }
    out.push_str("</table>\n");
}

fn exercise_row(out: &mut String, e: &ExerciseProgress, lang: Lang) {
    let w = words(lang);
    let name = match &e.title {
        Some(title) => format!("{} <code>{}</code>", escape(title.get(lang)), escape(&e.id)),
        None => format!("<code>{}</code>", escape(&e.id)),
    };
    let (class, label) = match e.status {
        ExerciseStatus::Passed => ("passed", w.passed),
        ExerciseStatus::Tried => ("tried", w.tried),
        ExerciseStatus::NotStarted => ("not_started", w.not_started),
    };
    let first = e.first_passed.map_or_else(|| "—".to_string(), |t| t.display_utc());
    let _ = writeln!(
        out,
        "<tr><td>{name}</td><td><span class=\"badge {class}\">{label}</span></td><td>{first}</td><td class=\"num\">{}</td></tr>",
        e.attempts
    );
}

/// `s` safe as HTML text and as a quoted attribute value.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' => out.push_str(&super::printable(&c.to_string())),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::report::sample;

    #[test]
    fn every_special_character_is_escaped() {
        assert_eq!(escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;", "the five HTML specials");
    }

    #[test]
    fn student_and_lab_texts_cannot_inject_markup() {
        let html = to_html(&sample::report(), Lang::En);
        assert!(html.contains("<dd>Ana &lt;Pérez&gt; &amp; &quot;Co&quot;</dd>"), "the name is escaped");
        assert!(html.contains("<dd>2023&#39;01</dd>"), "the id is escaped");
        assert!(html.contains("Create the &lt;mlflows3&gt; bucket"), "lab titles are escaped");
        assert!(!html.contains("<Pérez>") && !html.contains("<mlflows3>"), "no raw student or lab text");
    }

    #[test]
    fn the_file_is_self_contained() {
        let html = to_html(&sample::report(), Lang::En);
        assert!(html.starts_with("<!DOCTYPE html>"), "a full document");
        assert!(html.contains("<style>"), "inline style");
        for external in ["<script", "<link", "src=", "http://", "https://", "@import", "url("] {
            assert!(!html.contains(external), "nothing external or executable: found {external}");
        }
    }

    #[test]
    fn a_bar_and_a_count_per_level() {
        let html = to_html(&sample::report(), Lang::En);
        assert!(html.contains("<td class=\"name\">Level 2</td><td><div class=\"bar\" role=\"img\" aria-label=\"50%\"><span style=\"width: 50%\"></span></div></td><td class=\"count\">2 / 4 passed</td><td class=\"count\">1 h 30 min</td>"), "level 2's summary row: {html}");
        assert!(html.contains("<span class=\"badge passed\">passed</span></td><td>2024-03-14 09:02 UTC</td><td class=\"num\">3</td>"), "an exercise's status, first pass and attempts");
        assert!(html.contains(&format!("Nivel {}", env!("CARGO_PKG_VERSION"))), "the version");
        assert!(html.contains("Generated 2024-03-14 11:00 UTC"), "the time");
        assert!(html.contains("<dt>Group</dt><dd><span class=\"unset\">not set</span></dd>"), "an unset part says so");
    }

    #[test]
    fn the_html_speaks_spanish() {
        let html = to_html(&sample::report(), Lang::Es);
        assert!(html.contains("<html lang=\"es\">"), "the document's language");
        assert!(html.contains("<h1>Informe de progreso</h1>"), "Spanish heading");
        assert!(html.contains("Nivel 2: entrenamiento"), "Spanish lab titles");
        assert!(html.contains("sin intentar"), "Spanish status");
    }
}
