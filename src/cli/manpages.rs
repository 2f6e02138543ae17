//! `warroom __manpages DIR`: warroom(1), one page per subcommand
//! (warroom-status(1), warroom-playbooks-show(1), ...) and
//! warroom-playbook(5), for the package.
//!
//! The command pages come from the clap definitions through clap_mangen,
//! so they say what `--help` says. What clap does not know (exit status,
//! environment, files, the trust model, the playbook format) is written by
//! hand in roff under `packaging/man/` and compiled in.

use super::Failure;
use clap::Command;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};
use std::path::Path;

/// warroom(1)'s own sections, after the generated ones.
const SECTIONS: &str = include_str!("../../packaging/man/warroom.1.sections");

/// warroom-playbook(5); `@VERSION@` becomes the version.
const PLAYBOOK_PAGE: &str = include_str!("../../packaging/man/warroom-playbook.5");

/// Writes every page into `dir` (created if missing), one line per page
/// written on stdout.
pub fn write_all(dir: &Path) -> Result<(), Failure> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::Bad(format!("cannot create {}: {e}", dir.display())))?;
    let mut written = String::new();
    for (name, text) in pages() {
        let path = dir.join(&name);
        std::fs::write(&path, text)
            .map_err(|e| Failure::Bad(format!("cannot write {}: {e}", path.display())))?;
        written.push_str(&format!("{}\n", path.display()));
    }
    super::output::emit(&written)
}

/// Every page: (file name, roff source).
pub fn pages() -> Vec<(String, String)> {
    let mut root = super::command().disable_help_subcommand(true);
    root.build();
    let subs = subcommand_pages(&root);
    let names: Vec<String> = subs.iter().map(|(name, _)| name.clone()).collect();
    let mut pages = vec![("warroom.1".to_string(), main_page(&root, &names))];
    pages.extend(subs);
    pages.push((
        "warroom-playbook.5".to_string(),
        PLAYBOOK_PAGE.replace("@VERSION@", env!("CARGO_PKG_VERSION")),
    ));
    pages
}

/// warroom(1): clap_mangen's sections, then ours, then SEE ALSO naming
/// every other page.
fn main_page(root: &Command, sub_pages: &[String]) -> String {
    let man = Man::new(root.clone()).source(source());
    let mut out = Vec::new();
    let rendered = (|| -> std::io::Result<()> {
        man.render_title(&mut out)?;
        man.render_name_section(&mut out)?;
        man.render_synopsis_section(&mut out)?;
        man.render_description_section(&mut out)?;
        man.render_options_section(&mut out)?;
        man.render_subcommands_section(&mut out)?;
        Ok(())
    })();
    rendered.expect("writing to memory");
    let mut page = String::from_utf8_lossy(&out).into_owned();
    page.push_str(SECTIONS);
    let mut see_also: Vec<String> = sub_pages
        .iter()
        .map(|p| p.trim_end_matches(".1").to_string())
        .map(|name| format!("{name}(1)"))
        .collect();
    see_also.push("warroom-playbook(5)".into());
    let mut tail = Roff::new();
    tail.control("SH", ["SEE ALSO"])
        .control("nh", [] as [&str; 0]);
    tail.text([roman(see_also.join(", "))]);
    let mut out = Vec::new();
    man.render_version_section(&mut out)
        .expect("writing to memory");
    page.push_str(&tail.render());
    page.push_str(&String::from_utf8_lossy(&out));
    page
}

/// One page per visible subcommand, nested ones too
/// (`warroom-playbooks-show.1`), each ending with the exit status and a
/// pointer back to warroom(1).
fn subcommand_pages(root: &Command) -> Vec<(String, String)> {
    let mut pages = Vec::new();
    let mut stack: Vec<&Command> = root.get_subcommands().collect();
    stack.reverse();
    while let Some(cmd) = stack.pop() {
        if cmd.is_hide_set() {
            continue;
        }
        let man = Man::new(cmd.clone()).source(source());
        let mut out = Vec::new();
        man.render(&mut out).expect("writing to memory");
        let mut page = String::from_utf8_lossy(&out).into_owned();
        page.push_str(&footer());
        pages.push((man.get_filename(), page));
        let mut children: Vec<&Command> = cmd.get_subcommands().collect();
        children.reverse();
        stack.extend(children);
    }
    pages
}

/// The page footer's "source": `warroom 0.1.0` (the commit and schema are
/// in the VERSION section).
fn source() -> String {
    format!("warroom {}", env!("CARGO_PKG_VERSION"))
}

fn footer() -> String {
    let mut roff = Roff::new();
    roff.control("SH", ["EXIT STATUS"])
        .text([
            bold("0"),
            roman(" success, "),
            bold("1"),
            roman(" the action was refused, "),
            bold("2"),
            roman(" bad input; the reason is one line on standard error."),
        ])
        .control("SH", ["SEE ALSO"])
        .text([roman("warroom(1), warroom-playbook(5)")]);
    roff.render()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_visible_subcommand_has_a_page_and_the_helpers_none() {
        let pages = pages();
        let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
        for name in [
            "warroom.1",
            "warroom-declare.1",
            "warroom-status.1",
            "warroom-follow-up.1",
            "warroom-completions.1",
            "warroom-playbooks.1",
            "warroom-playbooks-show.1",
            "warroom-team-init.1",
            "warroom-playbook.5",
        ] {
            assert!(names.contains(&name), "{name} missing from {names:?}");
        }
        assert!(names.iter().all(|n| !n.contains("__")), "{names:?}");
        assert!(names.iter().all(|n| !n.starts_with("warroom-help")));
    }

    #[test]
    fn the_main_page_has_the_sections_clap_does_not_know() {
        let pages = pages();
        let main = &pages[0].1;
        for section in [
            ".SH NAME",
            ".SH SYNOPSIS",
            ".SH OPTIONS",
            ".SH \"EXIT STATUS\"",
            ".SH ENVIRONMENT",
            ".SH FILES",
            ".SH SECURITY",
            ".SH \"SEE ALSO\"",
            ".SH VERSION",
        ] {
            assert!(main.contains(section), "{section}");
        }
        assert!(
            main.contains("warroom\\-status(1)"),
            "SEE ALSO names the pages"
        );
        let playbook = &pages.last().unwrap().1;
        assert!(!playbook.contains("@VERSION@"));
    }
}
