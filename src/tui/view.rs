//! Drawing: a pure function of the app state. Only visible lines of the
//! log buffer are laid out.

use super::app::{App, ChooseFor, Dialog, HeldCommand, Pane, Screen, TextFor};
use super::keys::KEYS;
use crate::incident::{PhaseState, StepState, display_id};
use chrono::Duration;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// How things look: colour or not, box drawing or ASCII.
#[derive(Clone, Copy, Debug)]
pub struct Theme {
    pub color: bool,
    pub ascii: bool,
}

impl Theme {
    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::default().fg(c)
        } else {
            Style::default()
        }
    }

    fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    fn block<'a>(&self, title: &'a str, focused: bool) -> Block<'a> {
        let mut b = Block::default().borders(Borders::ALL).title(title);
        if self.ascii {
            b = b.border_set(ratatui::symbols::border::Set {
                top_left: "+",
                top_right: "+",
                bottom_left: "+",
                bottom_right: "+",
                vertical_left: "|",
                vertical_right: "|",
                horizontal_top: "-",
                horizontal_bottom: "-",
            });
        }
        if focused {
            // The focused pane's title stands out, so it is plain which
            // pane the keys act on.
            b = b
                .border_style(Style::default().add_modifier(Modifier::BOLD))
                .title_style(Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED));
        }
        b
    }

    /// A step's state as a glyph that reads without colour.
    pub fn glyph(&self, s: StepState) -> &'static str {
        match (s, self.ascii) {
            (StepState::Done, false) => "✓",
            (StepState::InProgress, false) => "▶",
            (StepState::Pending, false) => "·",
            (StepState::Skipped, false) => "↷",
            (StepState::NotApplicable, false) => "–",
            (StepState::Blocked, false) => "⊘",
            (StepState::Done, true) => "x",
            (StepState::InProgress, true) => ">",
            (StepState::Pending, true) => ".",
            (StepState::Skipped, true) => "s",
            (StepState::NotApplicable, true) => "-",
            (StepState::Blocked, true) => "#",
        }
    }

    fn state_style(&self, s: StepState) -> Style {
        match s {
            StepState::Done => self.fg(Color::Green),
            StepState::InProgress => self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            StepState::Skipped | StepState::NotApplicable => self.fg(Color::DarkGray),
            StepState::Blocked => self.fg(Color::Red),
            StepState::Pending => Style::default(),
        }
    }
}

/// `hh:mm:ss`, hours unbounded.
pub fn hms(d: Duration) -> String {
    let s = d.num_seconds().abs();
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// Cuts text to a display width, with an ellipsis when it had to cut.
pub fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Wraps text to a display width; wide characters count as two columns.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(4);
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for c in para.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > width {
                out.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += w;
        }
        out.push(line);
    }
    out
}

/// Wraps prose at spaces (a word longer than the width is cut as `wrap`
/// does), so a question read at 3 a.m. does not break words in half.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let width = width.max(4);
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split(' ') {
            let sep = usize::from(!line.is_empty());
            if line.width() + sep + word.width() <= width {
                if sep == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            let mut pieces = wrap(word, width);
            line = pieces.pop().unwrap_or_default();
            out.extend(pieces);
        }
        out.push(line);
    }
    out
}

pub fn draw(f: &mut Frame, app: &App, theme: &Theme) {
    let area = f.area();
    match app.screen {
        Screen::Home => draw_home(f, app, theme, area),
        Screen::Picker => draw_picker(f, app, theme, area),
        Screen::Incident => draw_incident(f, app, theme, area),
    }
    if let Some(d) = &app.dialog {
        draw_dialog(f, d, app, theme, area);
    }
    if theme.ascii {
        asciify(f.buffer_mut());
    }
}

/// Outside a UTF-8 locale (`LANG=C` over SSH) every cell must be ASCII or
/// the responder sees mojibake: the few symbols we draw get ASCII
/// stand-ins, and anything else (a wide title, a name) becomes `?`, one
/// per column it took.
pub fn asciify(buf: &mut ratatui::buffer::Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let sym = buf[(x, y)].symbol();
            let width = sym.width().max(1) as u16;
            if !sym.is_ascii() {
                let stand_in = match sym {
                    "…" => "~",
                    "·" | "─" | "━" => "-",
                    "│" | "┃" => "|",
                    "┌" | "┐" | "└" | "┘" | "├" | "┤" | "┬" | "┴" | "┼" => "+",
                    "✓" => "v",
                    "↓" => "v",
                    "↑" => "^",
                    "▶" => ">",
                    "⊘" => "#",
                    "–" | "—" => "-",
                    _ => "?",
                };
                buf[(x, y)].set_symbol(stand_in);
                for dx in 1..width {
                    if x + dx < area.right() {
                        buf[(x + dx, y)].set_symbol(if stand_in == "?" { "?" } else { " " });
                    }
                }
            }
            x += width;
        }
    }
}

/// The bottom line: the latest message, or the keys. A message too long
/// for the line is cut with an ellipsis and says where to read it whole.
fn status_line(app: &App, theme: &Theme, hint: &str, width: usize) -> Line<'static> {
    let cut = |text: String| {
        // A note pasted in several lines is one line here, its breaks
        // shown as the timeline shows them (a span drops a newline).
        let text = text.replace('\n', " ⏎ ");
        if text.width() <= width {
            text
        } else {
            let more = " (M: read it all)";
            format!("{}{more}", fit(&text, width.saturating_sub(more.width())))
        }
    };
    match &app.flash {
        Some((text, true)) => Line::from(Span::styled(
            cut(format!(" ! {text}")),
            theme.fg(Color::Red).add_modifier(Modifier::BOLD),
        )),
        Some((text, false)) => Line::from(Span::styled(
            cut(format!(" {text}")),
            theme.fg(Color::Green),
        )),
        None => Line::from(Span::styled(format!(" {hint}"), theme.fg(Color::DarkGray))),
    }
}

fn draw_home(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let [head, body, foot] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    f.render_widget(
        Paragraph::new(vec![
            Line::from(Span::styled(
                match (app.incident.as_ref(), app.incidents.len()) {
                    (Some(s), _) => format!(
                        " warroom: declare another incident ({} stays open; Esc goes back to it)",
                        display_id(s.id)
                    ),
                    (None, 0) => " warroom: no open incident".to_string(),
                    (None, 1) => " warroom: 1 open incident (Esc lists it)".to_string(),
                    (None, n) => format!(" warroom: {n} open incidents (Esc lists them)"),
                },
                Style::default().add_modifier(Modifier::BOLD),
            )),
            Line::from(" Choose a playbook: D declares an incident, R rehearses it as a drill."),
        ]),
        head,
    );
    // The deadlines column as wide as the widest, up to a point: a long
    // list of stages is cut rather than pushing every title out of sight.
    let due_w = app
        .playbooks
        .iter()
        .map(|p| p.deadlines.width())
        .max()
        .unwrap_or(0)
        .min(18);
    let items: Vec<String> = app
        .playbooks
        .iter()
        .map(|p| {
            let due = fit(&p.deadlines, due_w);
            let pad = " ".repeat(due_w.saturating_sub(due.width()));
            format!("{:<27} {due}{pad} {}", p.id, p.title)
        })
        .collect();
    // The legend of the `~` mark, where the marks are.
    let title = if app.playbooks.iter().any(|p| p.deadlines.contains('~')) {
        " Playbooks (~ deadline suggested by warroom, not the source's) "
    } else {
        " Playbooks "
    };
    chooser(f, theme, body, title, &items, app.home_selected);
    f.render_widget(
        Paragraph::new(status_line(
            app,
            theme,
            "j/k choose · D declare · R drill · Esc back · ? help · q quit",
            foot.width as usize,
        )),
        foot,
    );
}

fn draw_picker(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let [body, foot] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let items: Vec<String> = app
        .incidents
        .iter()
        .map(|s| {
            let drill = if s.drill { " DRILL" } else { "" };
            format!(
                "{:<7} {} {:<13}{drill} {}",
                s.id,
                s.severity,
                s.status.as_str(),
                s.title
            )
        })
        .collect();
    chooser(
        f,
        theme,
        body,
        " Open incidents ",
        &items,
        app.picker_selected,
    );
    f.render_widget(
        Paragraph::new(status_line(
            app,
            theme,
            "j/k choose · Enter open · Esc back · D declare another · q quit",
            foot.width as usize,
        )),
        foot,
    );
}

/// A boxed list with one selected line, scrolled to keep it in view.
fn chooser(
    f: &mut Frame,
    theme: &Theme,
    area: Rect,
    title: &str,
    items: &[String],
    selected: usize,
) {
    let rows = area.height.saturating_sub(2) as usize;
    let width = area.width.saturating_sub(2) as usize;
    let start = selected.saturating_sub(rows.saturating_sub(1));
    let lines: Vec<Line> = items
        .iter()
        .enumerate()
        .skip(start)
        .take(rows)
        .map(|(i, text)| {
            let style = if i == selected {
                theme.selected()
            } else {
                Style::default()
            };
            Line::from(Span::styled(fit(text, width), style))
        })
        .collect();
    f.render_widget(Paragraph::new(lines).block(theme.block(title, true)), area);
}

fn draw_incident(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let Some(s) = &app.incident else { return };
    let timeline_h = if area.height >= 22 { 6 } else { 0 };
    // The phases' clocks, worked out once a frame for the header, the
    // phase bar and the steps pane's headers.
    let items = phase_items(app, theme);
    // Every clock whole: a second line for the phase bar when the screen
    // is tall enough to spare it and one line cannot hold them.
    let phase_rows = phase_lines(
        &items,
        theme,
        area.width as usize,
        if area.height >= 24 { 2 } else { 1 },
    );
    let [head, phases, main, timeline, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(phase_rows.len() as u16),
        Constraint::Min(3),
        Constraint::Length(timeline_h),
        Constraint::Length(1),
    ])
    .areas(area);

    // Header: id, title, severity, status, elapsed, DRILL.
    let drill = if s.drill {
        Span::styled(
            " DRILL ",
            theme
                .fg(Color::Black)
                .bg_if(theme, Color::Magenta)
                .add_modifier(Modifier::BOLD | Modifier::REVERSED),
        )
    } else {
        Span::raw("")
    };
    // The nearest deadline, always in the header: it is what a responder
    // glancing at the screen needs first.
    let next = items
        .iter()
        .find(|i| !i.met && !i.clock.is_empty() && !i.clock.starts_with("late"))
        .map(|i| {
            let name_w = if area.width < 70 { 5 } else { 12 };
            format!("{} │ ", i.text(name_w, ""))
        })
        .unwrap_or_default();
    let right = format!(
        " {} │ {} │ {next}T+{} ",
        s.severity,
        s.status,
        hms(s.elapsed(app.now))
    );
    let right = if theme.ascii {
        right.replace('│', "|")
    } else {
        right
    };
    // Who commands it, always in sight: the title is cut first.
    // The clocks on the right come first; then the commander; the title
    // takes what is left.
    let room = (head.width as usize)
        .saturating_sub(right.width() + display_id(s.id).len() + 3 + if s.drill { 7 } else { 0 });
    // The name typed with --as beside the account that holds the role,
    // as the other panes show them, when there is room for both.
    let ic = match s.roles.get("commander") {
        Some(h)
            if h.name != h.account
                && room >= s.title.width().min(16) + h.name.width() + h.account.width() + 10 =>
        {
            format!(" · IC {} ({})", h.name, h.account)
        }
        Some(h) => format!(" · IC {}", h.account),
        // Nobody commands it: said where it costs the title nothing.
        None if s.title.width() + 11 <= room => " · no IC (O)".to_string(),
        None => String::new(),
    };
    let ic = if ic.width() + 6 <= room {
        ic
    } else if let Some(h) = s.roles.get("commander")
        && room >= 12
    {
        // At least a few letters of the name, or nothing.
        fit(&format!(" IC {}", h.account), room.saturating_sub(6).max(8))
    } else {
        String::new()
    };
    let title_w = room.saturating_sub(ic.width());
    let title = fit(&s.title, title_w);
    let pad = title_w.saturating_sub(title.width());
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(
                format!(" {} ", display_id(s.id)),
                Style::default().add_modifier(Modifier::BOLD),
            ),
            Span::raw(title),
            Span::styled(ic, theme.fg(Color::Cyan)),
            Span::raw(" ".repeat(pad)),
            // Plain: a coloured run costs a style sequence on every tick.
            Span::raw(right),
            drill,
        ])),
        head,
    );
    f.render_widget(Paragraph::new(phase_rows), phases);

    // Main: steps on the left; detail and logs on the right.
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(main);
    draw_steps(f, app, theme, &items, left);
    let detail_h = if right.height >= 14 {
        right.height / 3
    } else {
        0
    };
    let [detail, logs] =
        Layout::vertical([Constraint::Length(detail_h), Constraint::Min(3)]).areas(right);
    if detail_h > 0 {
        draw_detail(f, app, theme, detail);
    }
    draw_logs(f, app, theme, logs);
    if timeline_h > 0 {
        draw_timeline(f, app, theme, timeline);
    }
    f.render_widget(
        Paragraph::new(status_line(
            app,
            theme,
            // The keys of the focused pane.
            match app.focus {
                Pane::Steps => {
                    "s start · d done · x skip · a answer · n note · Tab pane · ? help · q quit"
                }
                Pane::Logs => {
                    "/ search · n/N matches · F filter · f follow · p pin · L add · PgUp/PgDn · Tab pane · ? help"
                }
                Pane::Timeline => {
                    "j/k move · PgUp/PgDn page · g/G top/newest · v view · n note · Tab pane · ? help"
                }
            },
            foot.width as usize,
        )),
        foot,
    );
}

trait BgIf {
    fn bg_if(self, theme: &Theme, c: Color) -> Self;
}

impl BgIf for Style {
    fn bg_if(self, theme: &Theme, c: Color) -> Self {
        if theme.color { self.bg(c) } else { self }
    }
}

/// One phase on the phase bar: its short name, its clock (or none), and
/// how it looks.
struct PhaseItem {
    met: bool,
    name: String,
    clock: String,
    style: Style,
}

impl PhaseItem {
    /// The item with its name cut to `name_w` columns (0: a met phase
    /// shows its mark alone). Digits are never cut.
    fn text(&self, name_w: usize, mark: &str) -> String {
        let name = if name_w >= self.name.width() {
            self.name.clone()
        } else if name_w == 0 {
            String::new()
        } else {
            fit(&self.name, name_w)
        };
        let parts: Vec<&str> = [if self.met { mark } else { "" }, name.as_str(), &self.clock]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
        parts.join(" ")
    }
}

/// The phases as the bar shows them: open and missed ones nearest deadline
/// first (the one that matters most is leftmost), then the met and
/// untimed ones.
fn phase_items(app: &App, theme: &Theme) -> Vec<PhaseItem> {
    let Some(s) = &app.incident else {
        return Vec::new();
    };
    let speed = i32::try_from(s.speed).unwrap_or(1);
    let mut timed = Vec::new();
    let mut rest = Vec::new();
    for (v, p) in s.phases(app.now).iter().zip(&s.playbook.phases) {
        // The short name is the title up to a colon ("Immediate: triage
        // and rotate" → "Immediate").
        let name = p
            .title
            .split(':')
            .next()
            .unwrap_or(&p.title)
            .trim()
            .to_string();
        // A deadline warroom suggested (the source gives none) wears `~`
        // on its clock, so nobody mistakes it for the runbook's.
        // A met phase's clock is when it was done, which nobody suggested.
        let mark = p.due_origin.mark();
        let item = |met, clock: String, style| PhaseItem {
            met,
            name: name.clone(),
            clock: if clock.is_empty() || met {
                clock
            } else {
                format!("{mark}{clock}")
            },
            style,
        };
        match (v.state, v.completed_at, v.due_at) {
            (PhaseState::Met, Some(c), _) => {
                rest.push(item(true, app.time(c, "%H:%M"), theme.fg(Color::Green)))
            }
            (PhaseState::Missed, Some(c), Some(d)) => rest.push(item(
                false,
                format!("late{mark} {}", hms((c - d) * speed)),
                theme.fg(Color::Red),
            )),
            (PhaseState::Missed, None, Some(d)) => timed.push((
                d,
                item(
                    false,
                    format!("+{}", hms((app.now - d) * speed)),
                    theme.fg(Color::Red).add_modifier(Modifier::BOLD),
                ),
            )),
            (PhaseState::Open, _, Some(d)) => {
                let left = (d - app.now) * speed;
                let total = p.due.map_or(1, |o| o.as_secs() as i64).max(1);
                // Amber in the last fifth of the phase's time.
                let style = if left.num_seconds() * 5 <= total {
                    theme.fg(Color::Yellow).add_modifier(Modifier::BOLD)
                } else {
                    Style::default()
                };
                timed.push((d, item(false, hms(left), style)));
            }
            _ => rest.push(item(false, String::new(), theme.fg(Color::DarkGray))),
        }
    }
    timed.sort_by_key(|(d, _)| *d);
    timed.into_iter().map(|(_, i)| i).chain(rest).collect()
}

/// The phase bar in at most `max_lines` lines of `width` columns. Every
/// clock shows whole: names are shortened first (full, then 9, 5 and 3
/// columns; a met phase down to its mark), a second line is used when
/// allowed, and only when nothing fits are the farthest phases left out,
/// counted at the end.
fn phase_lines(
    items: &[PhaseItem],
    theme: &Theme,
    width: usize,
    max_lines: usize,
) -> Vec<Line<'static>> {
    if items.is_empty() {
        return vec![Line::default()];
    }
    let mark = if theme.ascii { "ok" } else { "✓" };
    let sep = if theme.ascii { " | " } else { " │ " };
    let room = width.saturating_sub(1);
    let layout = |name_w: usize, lines: usize| -> Option<Vec<Vec<usize>>> {
        let mut rows: Vec<Vec<usize>> = vec![Vec::new()];
        let mut used = 0;
        for (i, item) in items.iter().enumerate() {
            let w = item
                .text(if item.met { name_w.min(3) } else { name_w }, mark)
                .width();
            let need = if rows.last().is_some_and(|r| r.is_empty()) {
                w
            } else {
                w + 3
            };
            if used + need > room {
                if rows.len() == lines || w > room {
                    return None;
                }
                rows.push(Vec::new());
                used = w;
            } else {
                used += need;
            }
            rows.last_mut().expect("a row").push(i);
        }
        Some(rows)
    };
    let widths = [usize::MAX, 9, 5, 3];
    let mut chosen = None;
    'search: for &name_w in &widths {
        for lines in 1..=max_lines.max(1) {
            if let Some(rows) = layout(name_w, lines) {
                chosen = Some((name_w, rows));
                break 'search;
            }
        }
    }
    // Nothing fits whole: the nearest phases that do, and how many more.
    let (name_w, rows) = chosen.unwrap_or_else(|| {
        let mut rows = vec![Vec::new()];
        let mut used = 0;
        for (i, item) in items.iter().enumerate() {
            let w = item.text(3, mark).width() + 3;
            if used + w + 4 > room {
                break;
            }
            used += w;
            rows[0].push(i);
        }
        (3, rows)
    });
    let shown: usize = rows.iter().map(Vec::len).sum();
    let mut out: Vec<Line<'static>> = rows
        .iter()
        .map(|row| {
            let mut spans = vec![Span::raw(" ")];
            for (n, &i) in row.iter().enumerate() {
                if n > 0 {
                    spans.push(Span::raw(sep));
                }
                let item = &items[i];
                let w = if item.met { name_w.min(3) } else { name_w };
                spans.push(Span::styled(item.text(w, mark), item.style));
            }
            Line::from(spans)
        })
        .collect();
    if shown < items.len()
        && let Some(last) = out.last_mut()
    {
        last.spans.push(Span::styled(
            format!(" +{} more", items.len() - shown),
            theme.fg(Color::DarkGray),
        ));
    }
    out
}

fn draw_steps(f: &mut Frame, app: &App, theme: &Theme, items: &[PhaseItem], area: Rect) {
    let Some(s) = &app.incident else { return };
    let inner_w = area.width.saturating_sub(2) as usize;
    let rows = area.height.saturating_sub(2) as usize;
    app.steps_rows.set(rows);
    // Steps under their phase's header (name and clock), when the
    // playbook has more than one phase; a missed phase's open steps stand
    // out, since they are what is late.
    let views = s.phases(app.now);
    let phase_of = |i: usize| {
        s.playbook
            .phases
            .iter()
            .position(|p| p.id == s.playbook.steps[i].phase)
    };
    let grouped = s.playbook.phases.len() > 1;
    let mut list: Vec<Option<usize>> = Vec::new(); // None: a header
    let mut headers: Vec<usize> = Vec::new();
    let mut last = None;
    // With `m`, only the steps assigned to this account.
    for i in app.visible_steps() {
        let p = phase_of(i);
        if grouped && p != last {
            list.push(None);
            headers.push(p.unwrap_or(usize::MAX));
            last = p;
        }
        list.push(Some(i));
    }
    let at = list
        .iter()
        .position(|r| *r == Some(app.selected))
        .unwrap_or(0);
    let mut first = at.saturating_sub(rows.saturating_sub(1));
    // Keep the selected step's header in sight when it is just above.
    if first == at && first > 0 && list[first - 1].is_none() && rows > 1 {
        first -= 1;
    }
    let mut header_n = list[..first].iter().filter(|r| r.is_none()).count();
    let missed = |p: Option<usize>| {
        p.and_then(|p| views.get(p))
            .is_some_and(|v| v.state == PhaseState::Missed && v.completed_at.is_none())
    };
    if list.is_empty() && app.mine {
        let hint = format!("no step is assigned to {} (m shows all)", app.account);
        f.render_widget(
            Paragraph::new(Line::from(Span::styled(
                fit(&hint, inner_w),
                theme.fg(Color::DarkGray),
            )))
            .block(theme.block(" Steps (mine) ", app.focus == Pane::Steps)),
            area,
        );
        return;
    }
    let lines: Vec<Line> = list[first..]
        .iter()
        .take(rows)
        .map(|row| {
            let Some(i) = *row else {
                let p = headers.get(header_n).copied().unwrap_or(usize::MAX);
                header_n += 1;
                let phase = s.playbook.phases.get(p);
                let name = phase.map_or("(no phase)", |ph| ph.title.as_str());
                // When the phase is due, as a time: the counting clock is
                // the phase bar's (a second one here would only repeat it,
                // and every ticking digit costs bytes over a slow link).
                let style = phase
                    .and_then(|ph| {
                        let short = ph.title.split(':').next().unwrap_or(&ph.title).trim();
                        items.iter().find(|it| it.name == short)
                    })
                    .map_or(theme.fg(Color::DarkGray), |it| it.style);
                let clock = match views.get(p) {
                    Some(v) if v.state == PhaseState::Missed && v.completed_at.is_none() => {
                        "missed".to_string()
                    }
                    Some(v) if v.state == PhaseState::Missed => "done late".to_string(),
                    Some(v) if v.state == PhaseState::Met => "met".to_string(),
                    Some(v) => v
                        .due_at
                        .map(|d| {
                            let suggested = phase.is_some_and(|ph| ph.due_origin.is_suggested());
                            let time = app.time(d, "%H:%M");
                            // The word only where it leaves the phase's
                            // name readable; the `~` says it anyway.
                            let long = format!("due ~{time} (suggested)");
                            let room = inner_w.saturating_sub(long.width() + 6);
                            if !suggested {
                                format!("due {time}")
                            } else if room >= name.width().min(12) {
                                long
                            } else {
                                format!("due ~{time}")
                            }
                        })
                        .unwrap_or_default(),
                    None => String::new(),
                };
                let text = if clock.is_empty() {
                    format!("─ {name} ")
                } else {
                    format!(
                        "─ {} · {clock} ",
                        fit(name, inner_w.saturating_sub(clock.width() + 6))
                    )
                };
                let text = fit(&text, inner_w);
                let fill = "─".repeat(inner_w.saturating_sub(text.width()));
                return Line::from(Span::styled(
                    format!("{text}{fill}"),
                    style.add_modifier(Modifier::DIM),
                ));
            };
            let st = &s.playbook.steps[i];
            let state = s.step_state(i);
            // The account beside a display name that differs from it, as
            // the timeline shows, compactly: `--as` is free text, the
            // account is not.
            let who = s.steps[i]
                .by
                .as_ref()
                .map(|a| {
                    if a.name == a.account || a.account.is_empty() {
                        a.name.clone()
                    } else {
                        format!("{} ({})", a.name, a.account)
                    }
                })
                .unwrap_or_default();
            let mark = if st.is_decision() { "?" } else { " " };
            // Who it is assigned to, while it is still to be done.
            let who = match (&s.steps[i].assignee, state) {
                (Some(to), StepState::Pending | StepState::InProgress | StepState::Blocked)
                    if who.is_empty() || &who == to =>
                {
                    format!("@{to}")
                }
                (Some(to), StepState::Pending | StepState::InProgress | StepState::Blocked) => {
                    format!("{who} @{to}")
                }
                _ => who,
            };
            let right = match (state, s.approved(i)) {
                (StepState::Blocked, _) => "blocked".to_string(),
                (StepState::NotApplicable, _) => "n/a".to_string(),
                // Two people for a dangerous step: whether the second has
                // said yes is what the room needs to see.
                (StepState::Pending | StepState::InProgress, Some(false)) if who.is_empty() => {
                    "needs OK".to_string()
                }
                (StepState::Pending | StepState::InProgress, Some(false)) => {
                    format!("{who}, needs OK")
                }
                (StepState::Pending | StepState::InProgress, Some(true)) if who.is_empty() => {
                    "OK'd".to_string()
                }
                (StepState::Pending | StepState::InProgress, Some(true)) => format!("{who}, OK'd"),
                _ => who,
            };
            let left = format!("{} {:>2}{mark}{}", theme.glyph(state), i + 1, st.title);
            let room = inner_w.saturating_sub(right.width() + 1);
            let left = fit(&left, room);
            let pad = inner_w.saturating_sub(left.width() + right.width());
            let late =
                missed(phase_of(i)) && matches!(state, StepState::Pending | StepState::InProgress);
            let mut style = if late {
                theme.fg(Color::Red).add_modifier(Modifier::BOLD)
            } else {
                theme.state_style(state)
            };
            if i == app.selected {
                style = style.add_modifier(Modifier::REVERSED);
            }
            Line::from(Span::styled(
                format!("{left}{}{right}", " ".repeat(pad)),
                style,
            ))
        })
        .collect();
    let title = steps_title(app, theme, inner_w);
    f.render_widget(
        Paragraph::new(lines).block(theme.block(&title, app.focus == Pane::Steps)),
        area,
    );
}

/// " Steps " and who else has the incident open, each with the number of
/// the step they have selected: " Steps · here: alice 3, bob 7 ". Names
/// that do not fit are counted ("+2").
pub fn steps_title(app: &App, theme: &Theme, width: usize) -> String {
    let Some(s) = &app.incident else {
        return " Steps ".into();
    };
    // Steps started and waiting for a second person: everyone present
    // sees how many, and the key that approves.
    let wanted = s.awaiting_approval().len();
    let name = if app.mine { " Steps (mine)" } else { " Steps" };
    // Short when the others present need the room too.
    let ask = if app.peers.is_empty() {
        "to approve (Y)"
    } else {
        "to OK"
    };
    let base = match (wanted, theme.ascii) {
        (0, _) => name.to_string(),
        (n, false) => format!("{name} · {n} {ask}"),
        (n, true) => format!("{name} - {n} {ask}"),
    };
    if app.peers.is_empty() {
        return format!("{base} ");
    }
    let tags: Vec<String> = app
        .peers
        .iter()
        .map(|p| {
            let at = p
                .step
                .as_deref()
                .and_then(|id| s.playbook.steps.iter().position(|st| st.id == id));
            match at {
                Some(i) => format!("{} {}", p.actor.name, i + 1),
                None => p.actor.name.clone(),
            }
        })
        .collect();
    let mut title = format!(
        "{base}{}",
        if theme.ascii { " - here:" } else { " · here:" }
    );
    for (i, tag) in tags.iter().enumerate() {
        let rest = tags.len() - i - 1;
        let more = if rest > 0 {
            format!(", +{rest}")
        } else {
            String::new()
        };
        if title.width() + 2 + tag.width() + more.width() + 1 > width.saturating_sub(2) {
            title.push_str(&format!(" +{}", tags.len() - i));
            break;
        }
        if i > 0 {
            title.push(',');
        }
        title.push(' ');
        title.push_str(tag);
    }
    title.push(' ');
    title
}

fn draw_detail(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let Some(s) = &app.incident else { return };
    let Some(st) = s.playbook.steps.get(app.selected) else {
        return;
    };
    let width = area.width.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = Vec::new();
    let state = s.step_state(app.selected);
    // The id is what `warroom step INC STEP ...` takes.
    let mut facts = vec![state.as_str().replace('_', " "), format!("id {}", st.id)];
    if let Some(a) = s.answers.get(&st.id) {
        facts.push(format!("answer: {a}"));
    }
    let waiting = s.waiting_for(app.selected);
    if !waiting.is_empty() {
        facts.push(format!("waiting for {}", waiting.join(", ")));
    }
    if let Some(w) = &st.when {
        facts.push(format!("when {}", w.text));
    }
    if let Some(r) = &s.steps[app.selected].reason {
        facts.push(format!("reason: {r}"));
    }
    match s.approved(app.selected) {
        Some(true) => facts.push("approved by a second account".into()),
        Some(false) => facts.push("needs a second account's approval (Y)".into()),
        None => {}
    }
    if s.steps[app.selected].runs > 0 {
        facts.push(format!("run {}x", s.steps[app.selected].runs));
    }
    if let Some(to) = &s.steps[app.selected].assignee {
        facts.push(format!("assigned to {to}"));
    }
    lines.push(Line::from(Span::styled(
        fit(&facts.join(" · "), width),
        theme.fg(Color::Cyan),
    )));
    for cmd in &st.commands {
        for l in wrap(&format!("$ {cmd}"), width) {
            lines.push(Line::from(Span::styled(l, theme.fg(Color::Yellow))));
        }
    }
    // warroom's own words (an addition, a conflict in the source, an
    // example) come after the commands, before the source's words, and
    // look different from them.
    if let Some(note) = &st.annotation {
        for l in wrap_words(&format!("warroom's note: {}", note.trim()), width) {
            lines.push(Line::from(Span::styled(
                l,
                theme.fg(Color::Magenta).add_modifier(Modifier::ITALIC),
            )));
        }
    }
    if let Some(body) = &st.body {
        let mut bold = false;
        for para in body.trim().lines() {
            for l in wrap_words(para, width) {
                lines.push(emphasis(&l, &mut bold));
            }
        }
    }
    for c in &st.checks {
        for l in wrap(&format!("check: {c}"), width) {
            lines.push(Line::from(l));
        }
    }
    let title = format!(" {} ", fit(&st.title, width.saturating_sub(2)));
    f.render_widget(
        Paragraph::new(lines).block(theme.block(&title, false)),
        area,
    );
}

fn draw_logs(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let rows = area.height.saturating_sub(2) as usize;
    let width = area.width.saturating_sub(2) as usize;
    let (window, cursor_at) = app.log_window(rows);
    // Labels once several sources share the pane; prefixes once per run
    // in compact mode; then the sideways scroll, or the search match
    // brought into sight.
    let pairs: Vec<(&str, &str)> = window
        .iter()
        .map(|l| (&*l.source, l.text.as_str()))
        .collect();
    let texts = super::logline::shown(&pairs, app.log_compact, app.log_sources.len() > 1);
    let style_of = |i: usize| {
        if !app.follow && cursor_at == Some(i) {
            theme.selected()
        } else {
            Style::default()
        }
    };
    let shown: Vec<Line> = if app.log_wrap {
        // Wrapped: each line takes the rows it needs; the newest rows (or
        // the cursor's line, when scrolled up) stay in sight.
        let mut wrapped: Vec<(usize, String)> = Vec::new();
        for (i, full) in texts.iter().enumerate() {
            for part in wrap(full, width.max(1)) {
                wrapped.push((i, part));
            }
        }
        let cursor_row = cursor_at.and_then(|c| wrapped.iter().position(|(i, _)| *i == c));
        let from = match cursor_row {
            Some(r) if !app.follow && r < wrapped.len().saturating_sub(rows) => r,
            _ => wrapped.len().saturating_sub(rows),
        };
        wrapped[from..]
            .iter()
            .take(rows)
            .map(|(i, part)| Line::from(highlight(part, app.matcher.as_ref(), style_of(*i), theme)))
            .collect()
    } else {
        texts
            .iter()
            .enumerate()
            .map(|(i, full)| {
                let text = if app.log_hscroll > 0 {
                    fit(super::logline::skip_columns(full, app.log_hscroll), width)
                } else {
                    fit(&around_match(full, app.matcher.as_ref(), width), width)
                };
                Line::from(highlight(&text, app.matcher.as_ref(), style_of(i), theme))
            })
            .collect()
    };
    let mode = format!(
        "{}{}{}{}",
        if app.follow { "follow" } else { "paused" },
        if app.log_compact { ", compact" } else { "" },
        if app.log_wrap { ", wrapped" } else { "" },
        if app.log_hscroll > 0 {
            format!(", →{}", app.log_hscroll)
        } else {
            String::new()
        }
    );
    let filter = app
        .filter
        .as_deref()
        .map(|f| format!(", filter \"{f}\""))
        .unwrap_or_default();
    let dropped = if app.logs.dropped() > 0 {
        format!(", {} dropped", app.logs.dropped())
    } else {
        String::new()
    };
    // Held commands stay named in the title while the lines that said so
    // scroll away.
    let held = match app.held.len() {
        0 => String::new(),
        1 => " · 1 command not started: A".to_string(),
        n => format!(" · {n} commands not started: A"),
    };
    let found = match (app.search.as_deref(), app.search_count()) {
        (Some(q), Some(n)) => format!(", \"{q}\": {n} match{}", if n == 1 { "" } else { "es" }),
        _ => String::new(),
    };
    let title = format!(" Logs ({mode}{filter}{found}{dropped}){held} ");
    let body = if shown.is_empty() {
        // An empty pane says why: nothing yet, or nothing the filter lets
        // through (the lines are there).
        let why = match app.filter.as_deref().filter(|f| !f.is_empty()) {
            Some(f) if !app.logs.is_empty() => format!(
                "no line matches the filter \"{f}\" ({} lines held; F then Enter on empty clears it)",
                app.logs.len()
            ),
            _ => "no log lines yet (L adds a file)".to_string(),
        };
        vec![Line::from(Span::styled(why, theme.fg(Color::DarkGray)))]
    } else {
        shown
    };
    f.render_widget(
        Paragraph::new(body).block(theme.block(&title, app.focus == Pane::Logs)),
        area,
    );
}

/// A line of playbook text with its `**emphasis**` drawn bold and the
/// stars dropped; `bold` carries an emphasis across wrapped lines.
fn emphasis(line: &str, bold: &mut bool) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, part) in line.split("**").enumerate() {
        if i > 0 {
            *bold = !*bold;
        }
        if !part.is_empty() {
            let style = if *bold {
                Style::default().add_modifier(Modifier::BOLD)
            } else {
                Style::default()
            };
            spans.push(Span::styled(part.to_string(), style));
        }
    }
    Line::from(spans)
}

/// A line whose search match lies past the pane's edge is shown from a
/// little before the match, behind an ellipsis, so the match is in sight.
fn around_match<'a>(
    text: &'a str,
    search: Option<&super::app::Matcher>,
    width: usize,
) -> std::borrow::Cow<'a, str> {
    let Some(at) = search.and_then(|m| m.find(text)) else {
        return std::borrow::Cow::Borrowed(text);
    };
    if text[..at.1].width() < width {
        return std::borrow::Cow::Borrowed(text);
    }
    // Start about a quarter of the pane before the match.
    let lead = width / 4;
    let mut start = at.0;
    let mut w = 0;
    for (i, c) in text[..at.0].char_indices().rev() {
        w += c.width().unwrap_or(0);
        if w > lead {
            break;
        }
        start = i;
    }
    std::borrow::Cow::Owned(format!("…{}", &text[start..]))
}

fn highlight(
    text: &str,
    search: Option<&super::app::Matcher>,
    base: Style,
    theme: &Theme,
) -> Vec<Span<'static>> {
    let Some(matcher) = search else {
        return vec![Span::styled(text.to_string(), base)];
    };
    let mut spans = Vec::new();
    let mut rest = text;
    while let Some((i, j)) = matcher.find(rest) {
        spans.push(Span::styled(rest[..i].to_string(), base));
        let hit = if theme.color {
            base.bg(Color::Yellow).fg(Color::Black)
        } else {
            base.add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
        };
        spans.push(Span::styled(rest[i..j].to_string(), hit));
        rest = &rest[j..];
    }
    spans.push(Span::styled(rest.to_string(), base));
    spans
}

fn draw_timeline(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let rows = area.height.saturating_sub(2) as usize;
    let width = area.width.saturating_sub(2) as usize;
    let total = app.timeline.len();
    // The view keeps the cursor in sight and the pane full.
    let view = app
        .timeline_view
        .follow_cursor(app.timeline_offset, rows)
        .min(total.saturating_sub(rows));
    app.timeline_view.set(view, rows);
    let end = total.saturating_sub(view);
    let start = end.saturating_sub(rows);
    let cursor = total.saturating_sub(1 + app.timeline_offset);
    let scrolled = app.timeline_offset > 0 || app.focus == Pane::Timeline;
    let lines: Vec<Line> = app.timeline[start..end]
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let text = format!(
                "{} {} {}",
                app.time(r.at, "%H:%M:%S"),
                r.actor,
                r.text.replace('\n', " ⏎ ")
            );
            let style = if scrolled && start + i == cursor {
                theme.selected()
            } else {
                Style::default()
            };
            Line::from(Span::styled(fit(&text, width), style))
        })
        .collect();
    let title = if app.timeline_new > 0 {
        format!(
            " Timeline ({}) · {} new (G shows them) ",
            app.zone(),
            app.timeline_new
        )
    } else {
        format!(" Timeline ({}) ", app.zone())
    };
    f.render_widget(
        Paragraph::new(lines).block(theme.block(&title, app.focus == Pane::Timeline)),
        area,
    );
}

/// The question a playbook input asks (its id when the playbook is not
/// known), cleaned like all playbook text.
fn input_prompt(app: &App, id: &str) -> String {
    app.pending
        .as_ref()
        .and_then(|p| app.playbooks.iter().find(|r| r.id == p.playbook))
        .and_then(|r| r.inputs.iter().find(|(i, _, _)| i == id))
        .map(|(_, prompt, _)| prompt.clone())
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| id.to_string())
}

/// The question of an input of the open incident's playbook.
fn incident_input_prompt(app: &App, id: &str) -> String {
    app.incident
        .as_ref()
        .and_then(|s| s.playbook.inputs.iter().find(|i| i.id == id))
        .map(|i| i.prompt.clone())
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| id.to_string())
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

fn draw_dialog(f: &mut Frame, d: &Dialog, app: &App, theme: &Theme, area: Rect) {
    let redactor = app.redactor.as_deref();
    match d {
        Dialog::Allow(held) => draw_allow(f, held, &app.account, theme, area),
        Dialog::ConfirmRun { text } => {
            let w = area.width.saturating_sub(4).clamp(20, 100);
            let inner = w.saturating_sub(2) as usize;
            let mut lines: Vec<Line> = text
                .lines()
                .flat_map(|l| wrap_words(l, inner))
                .map(Line::from)
                .collect();
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                "y runs it · n or Esc does not",
                theme.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            )));
            // The question must show, whatever the command's length: the
            // command's end is cut before the question is.
            let room = area.height.saturating_sub(4) as usize;
            if lines.len() > room && room >= 2 {
                let question = lines.split_off(lines.len() - 2);
                lines.truncate(room - 3);
                lines.push(Line::from("… (v on the step shows it all)"));
                lines.extend(question);
            }
            let h = (lines.len() as u16 + 2)
                .min(area.height.saturating_sub(2))
                .max(3);
            let r = centered(area, w, h);
            f.render_widget(Clear, r);
            f.render_widget(
                Paragraph::new(lines).block(theme.block(" Run this command? ", true)),
                r,
            );
        }
        Dialog::Show { title, text, top } => {
            let w = area.width.saturating_sub(4).clamp(20, 100);
            let inner = w.saturating_sub(2) as usize;
            let all: Vec<String> = text.lines().flat_map(|l| wrap_words(l, inner)).collect();
            let h = (all.len() as u16 + 2)
                .min(area.height.saturating_sub(2))
                .max(3);
            let rows = h.saturating_sub(2) as usize;
            let max = all.len().saturating_sub(rows);
            let top = (*top).min(max);
            app.show_view.set(max, rows);
            // The playbooks' **emphasis** shows as bold, not as stars.
            let mut bold = all[..top]
                .iter()
                .map(|l| l.matches("**").count())
                .sum::<usize>()
                % 2
                == 1;
            let lines: Vec<Line> = all[top..]
                .iter()
                .take(rows)
                .map(|l| emphasis(l, &mut bold))
                .collect();
            // Where the view stands, when it does not show everything.
            let place = if max > 0 {
                format!(
                    "lines {}-{} of {} · j/k PgUp/PgDn g/G · ",
                    top + 1,
                    (top + rows).min(all.len()),
                    all.len()
                )
            } else {
                String::new()
            };
            let r = centered(area, w, h);
            f.render_widget(Clear, r);
            f.render_widget(
                Paragraph::new(lines)
                    .block(theme.block(&format!("{title}({place}Esc closes) "), true)),
                r,
            );
        }
        Dialog::Help { top } => {
            // Two columns at most, so the descriptions stay readable; what
            // does not fit the height scrolls.
            let entries: Vec<String> = KEYS
                .iter()
                .map(|(k, what, _)| (*k, *what))
                .chain([
                    ("Esc", "close a dialog or view, go back a screen"),
                    ("Enter", "confirm a dialog, open the chosen incident"),
                    ("~", "deadline warroom suggested, not the source's"),
                ])
                .map(|(k, what)| format!(" {k:<6} {what}"))
                .collect();
            let room = area.height.saturating_sub(2).max(1) as usize;
            let columns = if area.width >= 80 && entries.len() > room {
                2
            } else {
                1
            };
            let rows = entries.len().div_ceil(columns);
            let max = rows.saturating_sub(room);
            let top = (*top).min(max);
            app.help_view.set(max, room);
            let width = area.width.saturating_sub(2).min(56 * columns as u16);
            let col_w = (width.saturating_sub(2) as usize) / columns;
            let lines: Vec<Line> = (top..rows)
                .take(room)
                .map(|r| {
                    let row: String = (0..columns)
                        .filter_map(|c| entries.get(c * rows + r))
                        .map(|e| {
                            let cell = fit(e, col_w.saturating_sub(1));
                            format!("{cell}{}", " ".repeat(col_w.saturating_sub(cell.width())))
                        })
                        .collect();
                    Line::from(row)
                })
                .collect();
            let title = if max > 0 {
                format!(
                    " Keys ({}-{} of {rows} rows · j/k scroll · Esc closes) ",
                    top + 1,
                    (top + room).min(rows)
                )
            } else {
                " Keys (Esc closes) ".to_string()
            };
            let r = centered(area, width, lines.len() as u16 + 2);
            f.render_widget(Clear, r);
            f.render_widget(Paragraph::new(lines).block(theme.block(&title, true)), r);
        }
        Dialog::Choose {
            purpose,
            options,
            selected,
        } => {
            let title = match purpose {
                ChooseFor::Answer(step) | ChooseFor::ForcedAnswer(step, _) => {
                    format!(" Answer {step} ")
                }
                ChooseFor::Input(id) => format!(" {} ", input_prompt(app, id)),
                ChooseFor::Status => " Status ".to_string(),
                ChooseFor::Severity => " Severity ".to_string(),
                ChooseFor::DrillSpeed(id) => format!(" Drill {id}: clock speed "),
                ChooseFor::QuitDrill => " You are the last one on this drill ".to_string(),
                ChooseFor::Copy => " Copy which command? ".to_string(),
                ChooseFor::PickInput => " Playbook inputs: set which? ".to_string(),
                ChooseFor::SetInput(id) => format!(" {} ", incident_input_prompt(app, id)),
                ChooseFor::RunLine(step) => format!(" Run which command of {step}? "),
                ChooseFor::Role => " Take a role, or hand yours over ".to_string(),
                ChooseFor::RoleAction(role) => format!(" {role} is held by someone else "),
                ChooseFor::StartOthers(step) => format!(" {step} is assigned to someone else "),
                ChooseFor::Correct(seq) => format!(" Correct entry {seq}: what? "),
                ChooseFor::Approve(step) => format!(" {step} needs a second person "),
            };
            let lines: Vec<Line> = options
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    Line::from(Span::styled(
                        format!(" {o} "),
                        if i == *selected {
                            theme.selected()
                        } else {
                            Style::default()
                        },
                    ))
                })
                .collect();
            let widest = options.iter().map(|o| o.width() + 2).max().unwrap_or(0);
            let w = (title.width().max(widest) as u16 + 4)
                .clamp(40, area.width.saturating_sub(4).max(40));
            let r = centered(area, w, options.len() as u16 + 2);
            f.render_widget(Clear, r);
            f.render_widget(Paragraph::new(lines).block(theme.block(&title, true)), r);
        }
        Dialog::Text { purpose, input } => {
            let (title, hint) = match purpose {
                TextFor::Reason(_) => (" Reason (required) ", "Enter records · Esc cancels"),
                TextFor::Note => (" Note ", "Enter records · Alt+Enter new line · Esc cancels"),
                TextFor::Search => (" Search logs ", "Enter searches · empty clears"),
                TextFor::Filter => (" Filter logs ", "Enter filters · empty clears"),
                TextFor::AddLog => (" Follow a log file ", "a path, e.g. /var/log/syslog"),
                TextFor::Leaked => (
                    " Leaked value to scrub ",
                    "never shown, never stored · Enter registers",
                ),
                TextFor::Title(_) => (" Incident title ", "Enter continues · Esc cancels"),
                TextFor::SetInput(_) => {
                    (" Playbook input ", "Enter records the value · Esc cancels")
                }
                TextFor::RunValue(_, _) => (
                    " Value for the command ",
                    "Enter continues · Esc cancels (nothing runs)",
                ),
                TextFor::HandOffTo(_) => (
                    " Hand the role to (an account) ",
                    "Enter continues · Esc cancels",
                ),
                TextFor::HandOffNote(_, _) => {
                    (" Hand-off note ", "what they need to know · Enter records")
                }
                TextFor::AssignTo(_) => (
                    " Assign the step to (an account) ",
                    "empty: nobody · Enter records",
                ),
                TextFor::CorrectText(_) => (
                    " Corrected words ",
                    "Enter continues · the original stays in the record",
                ),
                TextFor::CorrectTime(_) => (
                    " Corrected time (HH:MM:SS) ",
                    "Enter continues · Esc cancels",
                ),
                TextFor::CorrectReason(_, _, _) => (
                    " Why the correction (required) ",
                    "Enter records it · the original stays",
                ),
                TextFor::ApproveReason(_) => (
                    " Approve: why (optional) ",
                    "Enter records the approval · Esc cancels",
                ),
                TextFor::RefuseApproval(_) => (
                    " Refuse approval: why (required) ",
                    "Enter records the refusal · Esc cancels",
                ),
                TextFor::FollowUp => (
                    " Follow-up action item (1 of 3: what) ",
                    "Enter continues · Esc cancels",
                ),
                TextFor::FollowUpOwner(_) => (
                    " Follow-up (2 of 3: owner) ",
                    "who will do it · Enter continues · Esc cancels",
                ),
                TextFor::FollowUpDue(_, _) => (
                    " Follow-up (3 of 3: due) ",
                    "YYYY-MM-DD or 7d · empty: no date · Enter records",
                ),
                TextFor::Rename => (
                    " Rename the incident ",
                    "Enter records the new title · Esc cancels",
                ),
                TextFor::Input(_) => (
                    " Playbook input ",
                    "Enter continues (empty: ask later) · Esc cancels",
                ),
            };
            // A playbook input's question, above its field.
            let question = match purpose {
                TextFor::Input(id) => Some(input_prompt(app, id)),
                TextFor::SetInput(id) => Some(incident_input_prompt(app, id)),
                TextFor::RunValue(p, name) => Some(format!("{name} in the command of {}", p.step)),
                _ => None,
            };
            let w = area.width.saturating_sub(8).min(70);
            // A war room shares screens: what is typed shows through the
            // redactor (a pasted token appears as its marker), and a
            // leaked value not at all.
            // The cursor shows where the next key goes, unless masking
            // changed the text: then the masked whole shows, cursor at its
            // end (masking the two sides apart could show half a token).
            let (before, after) = input.split_at(input.cursor());
            let shown = match (purpose, redactor) {
                (TextFor::Leaked, _) => format!(
                    "{}▏{}",
                    "•".repeat(before.chars().count()),
                    "•".repeat(after.chars().count())
                ),
                (_, Some(r)) => {
                    let clean = r.clean_text(input);
                    if clean == input.text() {
                        format!("{before}▏{after}")
                    } else {
                        format!("{clean}▏")
                    }
                }
                (_, None) => format!("{before}▏{after}"),
            };
            let mut lines: Vec<Line> = question
                .iter()
                .flat_map(|q| wrap(q, w.saturating_sub(2) as usize))
                .map(|l| {
                    Line::from(Span::styled(
                        l,
                        Style::default().add_modifier(Modifier::BOLD),
                    ))
                })
                .chain(
                    wrap(&shown, w.saturating_sub(2) as usize)
                        .into_iter()
                        .map(Line::from),
                )
                .collect();
            lines.push(Line::from(Span::styled(
                hint.to_string(),
                theme.fg(Color::DarkGray),
            )));
            let r = centered(area, w, lines.len() as u16 + 2);
            f.render_widget(Clear, r);
            f.render_widget(
                Paragraph::new(lines)
                    .wrap(Wrap { trim: false })
                    .block(theme.block(title, true)),
                r,
            );
        }
    }
}

/// The question before a playbook command runs as this account: the whole
/// command, each argument on its own line, where it comes from, and y/n.
fn draw_allow(f: &mut Frame, held: &HeldCommand, account: &str, theme: &Theme, area: Rect) {
    let w = area.width.saturating_sub(4).clamp(20, 100);
    let inner = w.saturating_sub(2) as usize;
    let warn = theme.fg(Color::Yellow).add_modifier(Modifier::BOLD);
    let dim = theme.fg(Color::DarkGray);
    let mut lines: Vec<Line> = Vec::new();
    let who = if account.is_empty() {
        "you".to_string()
    } else {
        account.to_string()
    };
    for l in wrap_words(
        &format!(
            "Not started: this command is from {} ({}). If you allow it, it runs now as {who}, and again whenever you open this incident.",
            held.playbook, held.why
        ),
        inner,
    ) {
        lines.push(Line::from(Span::styled(l, warn)));
    }
    lines.push(Line::from(""));
    for (i, arg) in held.argv.iter().enumerate() {
        let head = format!("{i:>2}  ");
        for (j, l) in wrap(arg, inner.saturating_sub(head.len()))
            .into_iter()
            .enumerate()
        {
            let lead = if j == 0 {
                head.clone()
            } else {
                " ".repeat(head.len())
            };
            lines.push(Line::from(vec![
                Span::styled(lead, dim),
                Span::styled(l, theme.fg(Color::Cyan)),
            ]));
        }
    }
    lines.push(Line::from(""));
    for l in wrap_words(&format!("from: {}", held.origin), inner) {
        lines.push(Line::from(l));
    }
    if held.masked {
        lines.push(Line::from(Span::styled(
            "parts that look like secrets (or control bytes) are masked above",
            dim,
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "y: run it, and remember · n: keep it stopped",
        Style::default().add_modifier(Modifier::BOLD),
    )));
    // The question itself must always show: on a short terminal the middle
    // is cut, and says so.
    let room = area.height.saturating_sub(4) as usize;
    if lines.len() > room && room >= 3 {
        let question = lines.split_off(lines.len() - 1);
        lines.truncate(room - 2);
        lines.push(Line::from(Span::styled(
            fit("… more than fits: a taller terminal shows all of it", inner),
            warn,
        )));
        lines.extend(question);
    }
    let h = (lines.len() as u16 + 2)
        .min(area.height.saturating_sub(2))
        .max(3);
    let r = centered(area, w, h);
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines).block(theme.block(" Run a playbook command? ", true)),
        r,
    );
}
