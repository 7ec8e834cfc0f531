//! `seams scan` on hostile input never panics: an uploaded archive (zip or
//! tar.gz, read within small limits) or one source file in any language the
//! scan reads; whatever it finds merges into a project that still validates.
#![no_main]

use engine::model::Project;
use libfuzzer_sys::fuzz_target;
use scan::{Level, ScanLimits, ScanOptions, SourceFile, SourceTree, read_archive, scan};

/// The file names the first byte picks from: one per language and descriptor.
const PATHS: [&str; 11] = [
    "src/main/java/a/b/C.java",
    "src/main/kotlin/a/B.kt",
    "src/App/Orders.cs",
    "src/orders/index.ts",
    "lib/app.js",
    "shop/models.py",
    "cmd/api/main.go",
    "src/main/resources/mapper/OrderMapper.xml",
    "src/main/webapp/WEB-INF/web.xml",
    "prisma/schema.prisma",
    "web/page.tsx",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let tree = if pick == 0xff {
        let limits = ScanLimits {
            max_archive_bytes: 1 << 20,
            max_total_bytes: 4 << 20,
            max_files: 2_000,
            max_file_bytes: 1 << 20,
            ..ScanLimits::default()
        };
        match read_archive("fuzz.zip", rest, &limits) {
            Ok(tree) => tree,
            Err(_) => return,
        }
    } else {
        let path = PATHS[pick as usize % PATHS.len()];
        SourceTree {
            files: vec![SourceFile { path: path.into(), text: String::from_utf8_lossy(rest).into_owned() }],
            skipped: Vec::new(),
        }
    };
    let level = [Level::Class, Level::File, Level::Package][pick as usize % 3];
    let options = ScanOptions { source: "fuzz".into(), level, rules: Vec::new() };
    if let Ok(found) = scan(tree, &options) {
        let mut project = Project::new("fuzz");
        engine::layers::merge(&mut project, &found.layer);
        assert!(project.validate().is_ok(), "{:?}", project.validate());
    }
});
