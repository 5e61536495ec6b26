//! The `calc` command's output written while the links are analysed: block
//! by block, each block's links shared over every core and written in order,
//! so no report of a whole design is ever held (a million links' JSON is
//! gigabytes). The same bytes as [`super::calc::csv`], [`super::calc::text`]
//! and [`super::json::pretty`] of [`calc_report`](super::records::calc_report).
//! The design may be loaded lean ([`crate::io::design_file::load_lean`]):
//! each link is expanded through shared parts as it is analysed.

use std::io::{self, Write};

use crate::analysis::Judge;
use crate::catalog::Catalog;
use crate::io::design_file::LoadedDesign;
use crate::io::terminal::terminal_safe;
use crate::model::Link;
use crate::model::infra::Infra;
use crate::output::calc::{TableWidths, csv_share, detail_lines, table_rows, text_head};
use crate::output::records::{link_report, summary_report};

/// Links analysed and written per block: enough to keep both cores busy,
/// few enough that a block's output stays small.
const BLOCK: usize = 4_096;

/// `share(judge, start, links)` over every link, block by block, each
/// block's shares on every core; its bytes written in order. Whether all
/// passed. Each share has a judge of its own, kept from block to block, so
/// a shape's checks are made once on each core, not once in each block.
fn write_blocks<'c>(
    out: &mut dyn Write,
    catalog: &'c Catalog,
    links: &[Box<Link>],
    share: impl Fn(&mut Judge<'c>, usize, &[Box<Link>]) -> (Vec<u8>, bool) + Sync,
) -> io::Result<bool> {
    let mut pass = true;
    let cut = crate::parallel::cut(BLOCK.min(links.len()));
    let mut judges: Vec<Judge<'c>> = Vec::new();
    for (b, block) in links.chunks(BLOCK).enumerate() {
        let first = b * BLOCK;
        let shares = crate::parallel::shares_of(block.len(), cut);
        judges.resize_with(shares.max(judges.len()), || Judge::new(catalog));
        let parts = judges.iter_mut().take(shares).collect();
        let written = crate::parallel::map_cut_into(block, cut, parts, |s, links, judge| {
            share(judge, first + s, links)
        });
        for (bytes, p) in written {
            out.write_all(&bytes)?;
            pass &= p;
        }
    }
    Ok(pass)
}

/// Each link's verdict (on every core): what passes, before any is written.
fn passes(catalog: &Catalog, loaded: &LoadedDesign, infra: &Infra<'_>) -> Vec<bool> {
    // A bool per link, not a verdict (a million verdicts are 100 MB).
    let links = &loaded.design.links;
    crate::parallel::map_with(
        links,
        || Judge::new(catalog),
        |judge, n, link| (judge.verdict(link, &loaded.resolved_with_expansion(infra, n))).pass(),
    )
}

/// The CSV table; whether every link passes.
pub fn write_csv(
    catalog: &Catalog,
    loaded: &LoadedDesign,
    out: &mut dyn Write,
) -> io::Result<bool> {
    if loaded.design.links.is_empty() {
        out.write_all(super::calc::csv(&super::records::calc_report(catalog, loaded)).as_bytes())?;
        return Ok(true);
    }
    let infra = loaded.design.infra();
    write_blocks(out, catalog, &loaded.design.links, |judge, start, links| {
        csv_share(judge, loaded, &infra, start, links)
    })
}

/// The pretty JSON report; whether every link passes.
pub fn write_json(
    catalog: &Catalog,
    loaded: &LoadedDesign,
    out: &mut dyn Write,
) -> io::Result<bool> {
    let infra = loaded.design.infra();
    let pass = passes(catalog, loaded, &infra).iter().all(|&p| p);
    let name = serde_json::to_string(&loaded.design.name).map_err(io::Error::other)?;
    write!(
        out,
        "{{\n  \"design\": {name},\n  \"pass\": {pass},\n  \"links\": ["
    )?;
    if loaded.design.links.is_empty() {
        out.write_all(b"]\n}\n")?;
        return Ok(pass);
    }
    write_blocks(out, catalog, &loaded.design.links, |_, start, links| {
        let mut bytes = Vec::new();
        for (k, link) in links.iter().enumerate() {
            let n = start + k;
            let resolved = loaded.resolved_with_expansion(&infra, n);
            let a = crate::analysis::analyze_with_fix(catalog, link, &resolved);
            let json = super::json::pretty(&link_report(catalog, link, &a));
            bytes.extend_from_slice(if n == 0 { b"\n" } else { b",\n" });
            // One level in: the report is an item of `links`.
            for (i, line) in json.trim_end_matches('\n').lines().enumerate() {
                if i > 0 {
                    bytes.push(b'\n');
                }
                bytes.extend_from_slice(b"    ");
                bytes.extend_from_slice(line.as_bytes());
            }
        }
        (bytes, true)
    })?;
    out.write_all(b"\n  ]\n}\n")?;
    Ok(pass)
}

/// The text table, then each link's breakdown (each link analysed twice:
/// once for its row, once for its breakdown, so neither is held);
/// whether every link passes.
pub fn write_text(
    catalog: &Catalog,
    loaded: &LoadedDesign,
    out: &mut dyn Write,
) -> io::Result<bool> {
    let links = &loaded.design.links;
    let infra = loaded.design.infra();
    let passes = passes(catalog, loaded, &infra);
    let passing = passes.iter().filter(|&&p| p).count();
    let widths = TableWidths::of(links.iter().map(|l| {
        (
            l.id.as_str(),
            l.transceiver.as_str(),
            l.legs
                .iter()
                .map(|g| (g.id.as_str(), g.transceiver.as_str())),
        )
    }));
    let head = text_head(&loaded.design.name, passing, links.len(), widths);
    out.write_all(terminal_safe(&head).as_bytes())?;
    let safe = |s: String| terminal_safe(&s).into_owned().into_bytes();
    write_blocks(out, catalog, links, |_, start, share| {
        let mut s = String::new();
        for (k, link) in share.iter().enumerate() {
            table_rows(
                &mut s,
                &summary_report(
                    catalog,
                    link,
                    &loaded.resolved_with_expansion(&infra, start + k),
                ),
                widths,
            );
        }
        (safe(s), true)
    })?;
    write_blocks(out, catalog, links, |_, start, share| {
        let mut s = String::new();
        for (k, link) in share.iter().enumerate() {
            let resolved = loaded.resolved_with_expansion(&infra, start + k);
            let a = crate::analysis::analyze_with_fix(catalog, link, &resolved);
            detail_lines(&mut s, &link_report(catalog, link, &a));
        }
        (safe(s), true)
    })?;
    Ok(passing == links.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{calc, json, records::calc_report};

    fn streamed(
        write: fn(&Catalog, &LoadedDesign, &mut dyn Write) -> io::Result<bool>,
        catalog: &Catalog,
        loaded: &LoadedDesign,
    ) -> (String, bool) {
        let mut out = Vec::new();
        let pass = write(catalog, loaded, &mut out).expect("written");
        (String::from_utf8(out).expect("UTF-8"), pass)
    }

    /// Streamed, every format is the report's own text, byte for byte: on
    /// generated designs large enough for several blocks and shares (with
    /// failing links), on every example (legs, shared trunks, cassettes),
    /// on every test design that loads (wrong polarity, genders, polish,
    /// grades, fibers: the CSV's problem codes), and on an empty design.
    #[test]
    fn streamed_output_is_the_reports_text() {
        let catalog = Catalog::builtin().expect("the built-in catalog loads");
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut designs: Vec<LoadedDesign> = Vec::new();
        let mut lean: Vec<LoadedDesign> = Vec::new();
        for dir in ["assets/examples", "tests/data"] {
            for entry in std::fs::read_dir(root.join(dir)).expect("the designs are there") {
                let path = entry.expect("an entry").path();
                if path.extension().is_some_and(|e| e == "ron") {
                    match crate::io::design_file::load(&path, &catalog) {
                        Ok(loaded) => {
                            designs.push(loaded);
                            let l = crate::io::design_file::load_lean(&path, &catalog);
                            lean.push(l.expect("loads lean as it loads"));
                        }
                        Err(_) => assert!(dir == "tests/data", "{} loads", path.display()),
                    }
                }
            }
        }
        // Loaded lean, a design through shared parts keeps no expansion, and
        // its links are written as when every expansion is kept.
        let shared = lean
            .iter()
            .filter(|d| !d.design.trunks.is_empty())
            .inspect(|d| assert!(d.resolved.iter().all(|r| r.expanded.is_none())))
            .count();
        assert!(shared >= 2, "{shared}");
        for (kept, lean) in designs.iter().zip(&lean) {
            for write in [write_csv, write_json, write_text] {
                assert_eq!(
                    streamed(write, &catalog, lean),
                    streamed(write, &catalog, kept),
                    "{}",
                    kept.design.name
                );
            }
        }
        // Designs whose links fail for a reason besides their loss.
        let failing_otherwise = designs
            .iter()
            .filter(|d| {
                let report = calc_report(&catalog, d);
                report.links.iter().any(|l| !l.pass && l.failed != ["loss"])
            })
            .count();
        assert!(failing_otherwise >= 5, "{failing_otherwise}");
        let generated = crate::model::synthetic::synthetic_design(&catalog, BLOCK + 5_000, 2);
        let text = crate::io::design_file::to_text(&generated);
        designs.push(crate::io::design_file::parse("g.ron", &text, &catalog).expect("loads"));
        let empty = "Design(format: 2, name: \"empty\\u{7}\", links: [])";
        designs.push(crate::io::design_file::parse("e.ron", empty, &catalog).expect("loads"));
        for loaded in &designs {
            let report = calc_report(&catalog, loaded);
            let name = &loaded.design.name;
            assert_eq!(
                streamed(write_csv, &catalog, loaded),
                (calc::csv(&report), report.pass),
                "{name}"
            );
            assert_eq!(
                streamed(write_json, &catalog, loaded),
                (json::pretty(&report), report.pass),
                "{name}"
            );
            assert_eq!(
                streamed(write_text, &catalog, loaded),
                (
                    terminal_safe(&calc::text(&report)).into_owned(),
                    report.pass
                ),
                "{name}"
            );
        }
        // The generated design has links that fail and links that pass.
        let report = calc_report(&catalog, &designs[designs.len() - 2]);
        assert!(report.links.iter().any(|l| l.pass) && !report.pass);
    }
}
