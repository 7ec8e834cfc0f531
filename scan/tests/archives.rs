//! Uploaded archives, as a careless or hostile user makes them: what the scan
//! reads, what it skips with a reason, and what it refuses as a whole.

use std::io::Write;

use scan::{ScanLimits, SourceTree, read_archive};

const JAVA: &str = "package shop;\nclass Order {}\n";

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut bytes);
    for (path, content) in entries {
        writer
            .start_file(*path, zip::write::SimpleFileOptions::default())
            .expect("an entry");
        writer.write_all(content).expect("its bytes");
    }
    writer.finish().expect("the archive");
    bytes.into_inner()
}

fn tar_gz_of(build: impl FnOnce(&mut tar::Builder<Vec<u8>>)) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    build(&mut builder);
    let tar = builder.into_inner().expect("the tar");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&tar).expect("gzipped");
    gz.finish().expect("the gzip")
}

fn file_header(size: u64) -> tar::Header {
    let mut header = tar::Header::new_gnu();
    header.set_size(size);
    header.set_mode(0o644);
    header.set_entry_type(tar::EntryType::Regular);
    header
}

fn read(bytes: &[u8]) -> Result<SourceTree, String> {
    read_archive("upload.zip", bytes, &ScanLimits::default()).map_err(|e| e.to_string())
}

fn skipped_because(tree: &SourceTree, path: &str) -> String {
    tree.skipped
        .iter()
        .find(|s| s.path == path)
        .map(|s| s.reason.clone())
        .unwrap_or_else(|| panic!("{path} is not listed as skipped: {:?}", tree.skipped))
}

#[test]
fn a_zip_and_a_tar_gz_of_the_same_tree_read_the_same() {
    let zip = zip_of(&[("shop/src/Order.java", JAVA.as_bytes())]);
    let tar_gz = tar_gz_of(|tar| {
        tar.append_data(
            &mut file_header(JAVA.len() as u64),
            "shop/src/Order.java",
            JAVA.as_bytes(),
        )
        .expect("an entry");
    });
    for bytes in [zip, tar_gz] {
        let tree = read(&bytes).expect("reads");
        assert_eq!(tree.sources(), 1);
        assert_eq!(tree.files[0].path, "shop/src/Order.java");
        assert_eq!(tree.files[0].text, JAVA);
    }
}

#[test]
fn a_zip_bomb_is_refused_whole() {
    let zeros = vec![0u8; 64 * 1024 * 1024];
    let bomb = zip_of(&[
        ("shop/Order.java", JAVA.as_bytes()),
        ("shop/zeros.java", &zeros),
    ]);
    assert!(bomb.len() < 1024 * 1024, "{} bytes", bomb.len());
    let refused = read(&bomb).unwrap_err();
    assert!(refused.contains("zip bomb"), "{refused}");
}

#[test]
fn a_gzip_bomb_of_skipped_entries_is_refused_before_it_is_unpacked() {
    // A header claiming 2 GiB: the entry would be skipped as too large, but a
    // tar stream has to unpack it all to get past it.
    let mut archive = tar::Builder::new(Vec::new());
    let mut header = file_header(2 << 30);
    header.set_path("shop/huge.bin").expect("a path");
    header.set_cksum();
    archive.append(&header, std::io::empty()).ok();
    let tar = archive.into_inner().unwrap_or_default();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&tar).expect("gzipped");
    let refused = read(&gz.finish().expect("the gzip")).unwrap_err();
    assert!(
        refused.contains("unpacks to more than 1024.0 MiB"),
        "{refused}"
    );
}

#[test]
fn paths_that_leave_the_tree_are_refused() {
    for path in [
        "../etc/Evil.java",
        "shop/../../Evil.java",
        "/etc/Evil.java",
        "C:/Evil.java",
    ] {
        let refused = read(&zip_of(&[(path, JAVA.as_bytes())])).unwrap_err();
        assert!(
            refused.contains("climbs out") || refused.contains("absolute path"),
            "{path}: {refused}"
        );
    }
}

#[test]
fn links_are_refused_in_zips_and_tars() {
    let mut bytes = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut bytes);
    writer
        .add_symlink(
            "shop/passwd.java",
            "/etc/passwd",
            zip::write::SimpleFileOptions::default(),
        )
        .expect("a link");
    writer.finish().expect("the archive");
    let refused = read(&bytes.into_inner()).unwrap_err();
    assert!(refused.contains("is a link"), "{refused}");

    let tar_gz = tar_gz_of(|tar| {
        let mut header = tar::Header::new_gnu();
        header.set_entry_type(tar::EntryType::Symlink);
        header.set_size(0);
        tar.append_link(&mut header, "shop/passwd.java", "../../etc/passwd")
            .expect("a link");
    });
    let refused = read(&tar_gz).unwrap_err();
    assert!(refused.contains("is a link"), "{refused}");
}

#[test]
fn many_empty_files_are_listed_as_skipped_not_read() {
    let names: Vec<String> = (0..100_000).map(|i| format!("shop/E{i}.java")).collect();
    let mut entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    entries.push(("shop/Order.java", JAVA.as_bytes()));
    let tree = read(&zip_of(&entries)).expect("reads");
    assert_eq!(tree.sources(), 1);
    assert_eq!(tree.skipped.len(), 100_000);
    assert_eq!(skipped_because(&tree, "shop/E99999.java"), "empty");
}

#[test]
fn more_files_than_the_limit_are_refused() {
    let limits = ScanLimits {
        max_files: 10,
        ..ScanLimits::default()
    };
    let names: Vec<String> = (0..11).map(|i| format!("shop/C{i}.java")).collect();
    let entries: Vec<(&str, &[u8])> = names
        .iter()
        .map(|n| (n.as_str(), JAVA.as_bytes()))
        .collect();
    let refused = read_archive("upload.zip", &zip_of(&entries), &limits)
        .unwrap_err()
        .to_string();
    assert!(refused.contains("more than 10 files"), "{refused}");
}

#[test]
fn a_one_line_file_and_invalid_utf8_are_skipped_with_their_reasons() {
    // Letters that do not repeat, so that the file compresses as code does.
    let mut seed = 7u32;
    let letters: String = (0..10 * 1024 * 1024)
        .map(|_| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            char::from(b'a' + ((seed >> 16) % 26) as u8)
        })
        .collect();
    let line = format!("var x = \"{letters}\";");
    let tree = read(&zip_of(&[
        ("web/bundle.js", line.as_bytes()),
        (
            "shop/Latin1.java",
            &[0x63, 0x6c, 0x61, 0x73, 0x73, 0x20, 0xe9, 0xff],
        ),
        ("shop/Order.java", JAVA.as_bytes()),
    ]))
    .expect("reads");
    assert_eq!(tree.sources(), 1);
    assert_eq!(
        skipped_because(&tree, "web/bundle.js"),
        "10.0 MiB is over the 4.0 MiB a source file may have"
    );
    assert_eq!(skipped_because(&tree, "shop/Latin1.java"), "not UTF-8 text");
}

#[test]
fn a_long_line_under_the_file_size_is_skipped_as_minified() {
    let line = format!("var x = \"{}\";", "a".repeat(30_000));
    let tree = read(&zip_of(&[
        ("web/data.js", line.as_bytes()),
        ("shop/Order.java", JAVA.as_bytes()),
    ]))
    .expect("reads");
    assert!(
        skipped_because(&tree, "web/data.js").starts_with("a line is over 20000"),
        "{:?}",
        tree.skipped
    );
}

#[test]
fn what_is_not_an_archive_is_refused_with_the_formats_it_takes() {
    let refused = read(b"just some text, not an archive").unwrap_err();
    assert!(
        refused.contains("not a .zip, .tar.gz or .tar archive"),
        "{refused}"
    );
    let limits = ScanLimits {
        max_archive_bytes: 10,
        ..ScanLimits::default()
    };
    let refused = read_archive(
        "upload.zip",
        &zip_of(&[("a/B.java", JAVA.as_bytes())]),
        &limits,
    )
    .unwrap_err()
    .to_string();
    assert!(refused.contains("the limit is 10 bytes"), "{refused}");
}

#[test]
fn a_gzip_bomb_in_a_long_name_header_is_cut_off_at_the_unpack_limit() {
    // GNU long-name entries are read whole by the tar reader before any entry
    // is seen: 4 MiB of name against a limit of 1 MiB.
    let limits = ScanLimits {
        max_total_bytes: 1024 * 1024,
        max_files: 10,
        ..ScanLimits::default()
    };
    let mut header = tar::Header::new_gnu();
    header.set_size(4 * 1024 * 1024);
    header.set_entry_type(tar::EntryType::GNULongName);
    if let Some(gnu) = header.as_gnu_mut() {
        gnu.name[..13].copy_from_slice(b"././@LongLink");
    }
    header.set_cksum();
    let mut tar = header.as_bytes().to_vec();
    tar.extend(std::iter::repeat_n(b'a', 4 * 1024 * 1024));
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&tar).expect("gzipped");
    let refused = read_archive("upload.tar.gz", &gz.finish().expect("the gzip"), &limits)
        .unwrap_err()
        .to_string();
    assert!(
        refused.contains("unpacks to more than 1.0 MiB"),
        "{refused}"
    );
}
