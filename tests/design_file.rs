//! Design files: load → save → load gives the same design, and saving is atomic.

use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::io::design_file;
use mpo_budget_core::model::Element;

fn catalog() -> Catalog {
    Catalog::builtin().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_example_round_trips_through_save() -> std::io::Result<()> {
    let c = catalog();
    let dir = tempfile::tempdir()?;
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/examples");
    let mut paths = Vec::new();
    for dir in [examples.to_string(), format!("{examples}/format-1")] {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "ron") {
                paths.push(path);
            }
        }
    }
    assert!(paths.len() >= 8, "{paths:?}");
    for path in paths {
        let first = design_file::load(&path, &c).unwrap_or_else(|e| panic!("{e}"));
        let copy = dir.path().join("copy.ron");
        design_file::save(&copy, &first.design).unwrap_or_else(|e| panic!("{e}"));
        let second = design_file::load(&copy, &c).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(first, second, "{}", path.display());
        // Saving what was loaded writes the same text again.
        assert_eq!(
            design_file::to_text(&second.design),
            std::fs::read_to_string(&copy)?
        );
    }
    Ok(())
}

#[test]
fn the_issue_example_loads_as_written() {
    let text = r#"// mpo-budget design file
Design(
    format: 1,
    name: "Row A to Row B, 100G spine uplinks",
    links: [
        Link(
            id: "A01-B07",
            count: 48,                      // identical links; quotes multiply by it (default 1)
            transceiver: "100GBASE-SR4",
            fiber: "OM4",                   // default fiber of every cable in the path
            path: [
                Cable(role: Cord,  length_m: 3.0,  fibers: 12, polarity: B, ends: (Female, Female), grade: "mtp-elite"),
                Adapter(keys: UpDown),
                Cable(role: Trunk, length_m: 90.0, fibers: 12, polarity: B, ends: (Male, Male),     grade: "mtp-elite"),
                Adapter(keys: UpDown),
                Cable(role: Cord,  length_m: 3.0,  fibers: 12, polarity: B, ends: (Female, Female), grade: "mtp-elite"),
            ],
        ),
    ],
)
"#;
    let loaded =
        design_file::parse("issue.ron", text, &catalog()).unwrap_or_else(|e| panic!("{e}"));
    let link = &loaded.design.links[0];
    assert_eq!(
        (link.id.as_str(), link.count, link.path.len()),
        ("A01-B07", 48, 5)
    );
    assert!(matches!(&link.path[1], Element::Adapter(_)));
}

#[test]
fn optional_fields_load_and_round_trip() {
    let text = r#"Design(format: 1, name: "n", links: [Link(id: "x", transceiver: "100g-psm4", fiber: "os2", path: [
        Cable(role: Cord, length_m: 1.0, fibers: 12, polarity: B, ends: (Female, Male), grade: "MTP", polish: Apc, fiber: "OS2", splices: 1),
        Splice(),
        Cable(role: Cord, length_m: 1.0, fibers: 12, polarity: A, ends: (Male, Female), grade: "mtp"),
        Splice(grade: "fusion"),
        Cable(role: Cord, length_m: 1.0, fibers: 12, polarity: A, ends: (Male, Female), grade: "mtp"),
    ])])"#;
    let loaded = design_file::parse("t.ron", text, &catalog()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.design.links[0].count, 1);
    let again = design_file::parse("t.ron", &design_file::to_text(&loaded.design), &catalog())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.design, loaded.design);
}

#[test]
fn an_unknown_field_is_named() {
    let text = "Design(format: 1, name: \"n\", links: [Link(id: \"x\", transceiver: \"100GBASE-SR4\", fiber: \"OM4\", colour: \"aqua\")])";
    let err = design_file::parse("t.ron", text, &catalog()).expect_err("unknown field");
    assert_eq!(err.link.as_deref(), Some("x"));
    assert_eq!(err.field.as_deref(), Some("colour"));
    assert!(err.to_string().starts_with("t.ron:1:"), "{err}");
}

#[test]
fn an_error_at_the_end_of_a_long_path_is_located_in_one_pass() {
    // 5,000 cables (9,999 elements, near the path limit) and a bad fiber count
    // in the last one. Before, finding which element held the error rescanned
    // the list once per element (14.5 s for 20,000 cables, release build).
    let c = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    let n = 5_000;
    let cables: Vec<String> = (0..n)
        .map(|i| {
            let fibers = if i + 1 == n { 7 } else { 12 };
            format!("Cable(role: Trunk, length_m: 1.0, fibers: {fibers}, polarity: B, ends: (Female, Male), grade: \"mtp\")")
        })
        .collect();
    let text = format!(
        "Design(format: 1, name: \"long\", links: [Link(id: \"L\", transceiver: \"100GBASE-SR4\", fiber: \"OM4\", path: [\n{}\n])])\n",
        cables.join(",\nAdapter(keys: UpDown),\n")
    );
    let err = match design_file::parse("long.ron", &text, &c) {
        Ok(_) => panic!("a 7-fiber cable must be refused"),
        Err(e) => e,
    };
    // The app names the field as its editor does: the 5,000th cable.
    assert_eq!(err.field_in_words().as_deref(), Some("cable 5000, fibers"));
    let e = err.to_string();
    let last = 2 * (n - 1);
    assert!(
        e.starts_with(&format!(
            "long.ron:{}:43: link \"L\" field `path[{last}].fibers`: expected 8, 12, 16, 24 or 32, found 7",
            2 * n
        )),
        "{e}"
    );
}
