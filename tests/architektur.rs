//! The architecture as a test (in the spirit of ArchUnit): reads `src/`, builds the graph of
//! which module names which (`crate::…` and `super::…` paths outside the unit tests), and fails
//! on an import against the layer order, on an import circle, and on library code that prints
//! or exits. The layers, lowest first, are the folders of ARCHITECTURE.md's code map.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first. A module may name modules of its own layer or below, never above;
/// within a layer the graph must still be free of circles.
const LAYERS: &[&[&str]] = &[
    &["german"],
    &[
        "diag", "error", "output", "paths", "digest", "lock", "shutdown", "shell", "berlin",
    ],
    &["report"],
    &["project"],
    &["prose"],
    &["typeset"],
    &["rules"],
    &["format_schema"],
    &["pipeline"],
    &["archive", "cycle", "mappe", "fristen", "freigabe"],
    &["oparl"],
    &["serve"],
    &["cli"],
];

/// The one part of the program that prints and exits.
const CLI: &str = "cli";

/// A module path (`typeset::pdf`) → its file.
fn modules(src: &Path) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(src).unwrap().with_extension("");
            let mut parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            if parts == ["lib"] || parts == ["main"] {
                continue;
            }
            out.insert(parts.join("::"), path);
        }
    }
    out
}

/// The source without comments and without the unit tests at the end of the file.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    text.lines()
        .map(|line| match line.find("//") {
            // `//` inside a string ("https://…") is rare in paths; a line's comment tail goes.
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path named after `crate::` or `super::` in `code`, groups (`{a, b::c}`) expanded;
/// `super` resolved against `module`.
fn named_paths(code: &str, module: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    for start in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(found) = code[from..].find(start) {
            let at = from + found;
            from = at + start.len();
            if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
                continue;
            }
            let base: Vec<String> = if start == "super::" {
                let mut parts: Vec<String> = module.split("::").map(str::to_owned).collect();
                parts.pop();
                parts
            } else {
                Vec::new()
            };
            expand(&code[from..], base, &mut out);
        }
    }
    out
}

/// Reads one path (or group) at the start of `rest`, prefixed with `base`.
fn expand(rest: &str, base: Vec<String>, out: &mut Vec<Vec<String>>) {
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(rest.len());
    let mut path = base;
    path.extend(
        rest[..end]
            .split("::")
            .filter(|s| !s.is_empty() && *s != "self")
            .map(str::to_owned),
    );
    if rest[end..].starts_with('{') {
        // The group up to its matching brace, split at its top-level commas.
        let group = &rest[end + 1..];
        let mut depth = 0;
        let mut item_start = 0;
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    expand(group[item_start..i].trim(), path.clone(), out);
                    break;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(group[item_start..i].trim(), path.clone(), out);
                    item_start = i + 1;
                }
                _ => {}
            }
        }
        out.push(path);
    } else {
        out.push(path);
    }
}

/// The module a path names: its longest prefix that is a module.
fn resolve(path: &[String], modules: &BTreeMap<String, PathBuf>) -> Option<String> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].join("::"))
        .find(|candidate| modules.contains_key(candidate))
}

fn top(module: &str) -> &str {
    module.split("::").next().unwrap_or(module)
}

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&top(module)))
}

/// Module → the modules it names (an ancestor named by its child is left out: a child using
/// its parent's items is how Rust folders work; the parent naming the child is the edge).
fn graph() -> (
    BTreeMap<String, PathBuf>,
    BTreeMap<String, BTreeSet<String>>,
) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules = modules(&src);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, file) in &modules {
        let code = code(&std::fs::read_to_string(file).unwrap());
        let named = edges.entry(module.clone()).or_default();
        for path in named_paths(&code, module) {
            if let Some(target) = resolve(&path, &modules)
                && target != *module
                && !module.starts_with(&format!("{target}::"))
            {
                named.insert(target);
            }
        }
    }
    (modules, edges)
}

/// The strongly connected components with more than one module (Tarjan).
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        let edges = s.edges;
        for w in edges.get(v).into_iter().flatten() {
            if !s.index.contains_key(w.as_str()) {
                visit(s, w);
                let low = s.low[v].min(s.low[w.as_str()]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w.as_str()) {
                let low = s.low[v].min(s.index[w.as_str()]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.to_owned());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.found.push(component);
            }
        }
    }
    let mut state = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !state.index.contains_key(v.as_str()) {
            visit(&mut state, v);
        }
    }
    state.found
}

#[test]
fn every_module_has_a_layer() {
    let (modules, _) = graph();
    let without: Vec<&String> = modules.keys().filter(|m| layer(m).is_none()).collect();
    assert!(
        without.is_empty(),
        "modules without a layer (add them to LAYERS in tests/architektur.rs and to ARCHITECTURE.md): {without:?}"
    );
}

#[test]
fn no_import_points_up_the_layers() {
    let (_, edges) = graph();
    let mut wrong = Vec::new();
    for (from, targets) in &edges {
        for to in targets {
            if let (Some(a), Some(b)) = (layer(from), layer(to))
                && b > a
            {
                wrong.push(format!("{from} → {to}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layer order (a lower layer must not name a higher one):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_import_circles() {
    let (_, edges) = graph();
    let found = circles(&edges);
    assert!(
        found.is_empty(),
        "import circles (modules that name each other, directly or through others):\n{}",
        found
            .iter()
            .map(|c| c.join(" ↔ "))
            .collect::<Vec<_>>()
            .join("\n")
    );
    // The layers among themselves too.
    let mut tops: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, targets) in &edges {
        for to in targets {
            if top(from) != top(to) {
                tops.entry(top(from).to_owned())
                    .or_default()
                    .insert(top(to).to_owned());
            }
        }
    }
    let found = circles(&tops);
    assert!(found.is_empty(), "circles between folders: {found:?}");
}

#[test]
fn only_the_cli_prints_or_exits() {
    let (modules, _) = graph();
    let mut wrong = Vec::new();
    for (module, file) in &modules {
        if top(module) == CLI {
            continue;
        }
        let code = code(&std::fs::read_to_string(file).unwrap());
        for needle in [
            "println!(",
            "eprintln!(",
            "print!(",
            "eprint!(",
            "say!(",
            "process::exit",
        ] {
            for (n, line) in code.lines().enumerate() {
                let hit = line
                    .match_indices(needle)
                    .any(|(at, _)| at == 0 || !line.as_bytes()[at - 1].is_ascii_alphanumeric());
                if hit {
                    wrong.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "library code that prints or exits (return the text; cli/ prints it):\n{}",
        wrong.join("\n")
    );
}

/// The longest a function may be, from its `fn` line to its closing brace.
const MAX_FUNCTION_LINES: usize = 80;

/// Every function of `code` (before its unit tests) longer than `MAX_FUNCTION_LINES`: name,
/// first line, length. A function ends at the first line that closes it at its own indent.
fn long_functions(code: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let head = [
            "pub fn ",
            "pub(crate) fn ",
            "pub(super) fn ",
            "fn ",
            "async fn ",
            "pub async fn ",
            "pub(super) async fn ",
            "pub(crate) async fn ",
            "const fn ",
            "pub const fn ",
            "pub(crate) const fn ",
        ]
        .iter()
        .find_map(|h| trimmed.strip_prefix(h));
        let Some(rest) = head else {
            continue;
        };
        // A declaration without a body (a trait's) ends on its own line with `;`.
        if line.trim_end().ends_with(';') {
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let closing = format!("{indent}}}");
        if let Some(end) = lines[i..].iter().position(|l| l.trim_end() == closing) {
            let length = end + 1;
            if length > MAX_FUNCTION_LINES {
                out.push((name, i + 1, length));
            }
        }
    }
    out
}

#[test]
fn no_function_is_longer_than_80_lines() {
    let (modules, _) = graph();
    let mut long = Vec::new();
    for file in modules.values() {
        let text = std::fs::read_to_string(file).unwrap();
        let code = match text.find("#[cfg(test)]\nmod tests") {
            Some(at) => &text[..at],
            None => &text[..],
        };
        for (name, line, length) in long_functions(code) {
            long.push(format!(
                "{}:{line}: {name} ({length} Zeilen)",
                file.display()
            ));
        }
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_FUNCTION_LINES} lines (split them into parts that can be tested alone):\n{}",
        long.join("\n")
    );
    // The measure itself, on a made-up function of 81 lines and one of 80.
    let body = |n: usize| format!("fn f() {{\n{}}}\n", "    x();\n".repeat(n - 2));
    assert_eq!(long_functions(&body(81)).len(), 1);
    assert!(long_functions(&body(80)).is_empty());
}

#[test]
fn the_checker_sees_a_circle_and_an_upward_import() {
    // The test's own parser, on a made-up tree: it must find what it is there to find.
    let mut modules = BTreeMap::new();
    for m in ["german", "german::a", "report", "serve"] {
        modules.insert(m.to_owned(), PathBuf::new());
    }
    let paths = named_paths(
        "use crate::{report::model::Report, serve};\nuse super::a::X;",
        "german::b",
    );
    let named: BTreeSet<String> = paths.iter().filter_map(|p| resolve(p, &modules)).collect();
    assert_eq!(
        named,
        ["german::a", "report", "serve"]
            .map(str::to_owned)
            .into_iter()
            .collect()
    );
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges.entry("a".into()).or_default().insert("b".into());
    edges.entry("b".into()).or_default().insert("c".into());
    edges.entry("c".into()).or_default().insert("a".into());
    assert_eq!(circles(&edges), vec![vec!["a", "b", "c"]]);
    assert!(layer("serve::routes") > layer("german::analysis"));
}
