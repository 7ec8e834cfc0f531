//! Paths Seams may send a browser to on someone's behalf (after signing in, or
//! when a facilitator brings everyone to a page): only plain paths of this
//! site, so that a crafted link cannot lead anywhere else.

/// `path` when it is a plain path on this site: it starts with one `/`, holds
/// no backslash, control character or `.`/`..` segment (also not
/// percent-encoded), and no `//` that a browser would read as another host.
pub fn local_path(path: &str) -> Option<&str> {
    const MAX_LENGTH: usize = 512;
    let lowered = path.to_ascii_lowercase();
    let plain = path.starts_with('/')
        && !path.starts_with("//")
        && path.len() <= MAX_LENGTH
        && !path
            .chars()
            .any(|c| c == '\\' || c.is_control() || c.is_whitespace())
        && !["%2e", "%2f", "%5c", "%09", "%0a", "%0d"]
            .iter()
            .any(|encoded| lowered.contains(encoded));
    let route = path.split(['?', '#']).next().unwrap_or(path);
    let dotted = route
        .split('/')
        .any(|segment| segment == "." || segment == "..");
    (plain && !dotted).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn keeps_plain_paths_of_this_site() {
        for path in [
            "/",
            "/p/abc/model",
            "/join/T0k3n",
            "/p/x/compare?splits=a,b",
        ] {
            assert_eq!(local_path(path), Some(path));
        }
    }

    #[test]
    fn refuses_what_leads_elsewhere_or_climbs() {
        for path in [
            "",
            "evil.example",
            "//evil.example",
            "/\\evil.example/x",
            "/\\/evil.example",
            "https://evil.example",
            "/p/abc/../../admin",
            "/p/abc/%2e%2e/other",
            "/p/abc/%2E%2E/other",
            "/%5cevil.example",
            "/\tevil",
            "/p/./x",
        ] {
            assert_eq!(local_path(path), None, "{path}");
        }
    }
}
