use super::*;
use crate::formats::ImportLimits;
use crate::model::SplitOrigin;

fn read(name: &str, text: &str) -> Partition {
    Partition::read(name, text, &ImportLimits::default()).expect("a partition")
}

fn error(name: &str, text: &str) -> String {
    Partition::read(name, text, &ImportLimits::default())
        .expect_err("a refusal")
        .to_string()
}

#[test]
fn reads_rsf_csv_and_json_into_the_same_partition() {
    let rsf = read(
        "ref.rsf",
        "# expert split\ncontain orders Order\ncontain orders Cart\n\ncontain \"user accounts\" User\nreference Order Cart\n",
    );
    let csv = read(
        "ref.csv",
        "element,cluster\nOrder,orders\nCart,orders\nUser,user accounts\n",
    );
    let json = read(
        "ref.json",
        r#"{"Order": "orders", "Cart": "orders", "User": "user accounts"}"#,
    );
    for partition in [&rsf, &csv, &json] {
        assert_eq!(partition.element_count(), 3);
        assert_eq!(
            partition
                .to_split("s", SplitOrigin::Imported)
                .services
                .len(),
            2
        );
        assert_eq!(
            partition.cluster_name(partition.clusters_of("User")[0]),
            "user accounts"
        );
    }
    // Without an extension the first line tells.
    assert_eq!(
        PartitionFormat::of("ref", "contain a b\n"),
        PartitionFormat::Rsf
    );
    assert_eq!(PartitionFormat::of("ref", "a,b\n"), PartitionFormat::Csv);
    assert_eq!(
        PartitionFormat::of("ref", " {\"a\": 1}"),
        PartitionFormat::Json
    );
}

#[test]
fn an_element_in_several_clusters_keeps_them_all_and_counts_in_the_last() {
    let partition = read(
        "ref.rsf",
        "contain billing Money\ncontain orders Order\ncontain orders Money\n",
    );
    assert_eq!(partition.shared_element_count(), 1);
    let listed: Vec<&str> = partition
        .clusters_of("Money")
        .iter()
        .map(|&c| partition.cluster_name(c))
        .collect();
    assert_eq!(listed, ["billing", "orders"]);
    let split = partition.to_split("reference", SplitOrigin::Imported);
    let service = &split.assignment["Money"];
    let name = split
        .services
        .iter()
        .find(|s| &s.id == service)
        .map(|s| s.label());
    assert_eq!(name, Some("orders"));
    // Billing keeps no element of its own once Money counts in orders.
    assert_eq!(split.services.len(), 1);

    let json = read("m.json", r#"{"Money": ["billing", "orders"], "Order": 2}"#);
    assert_eq!(json.clusters_of("Money").len(), 2);
}

#[test]
fn bad_partition_files_are_refused_with_the_place() {
    assert_eq!(
        error("ref.rsf", "contain a x\ncontain b\n"),
        "ref.rsf:2: expected 'contain CLUSTER ELEMENT', found 2 fields"
    );
    assert_eq!(
        error("ref.rsf", "contain \"open x\n"),
        "ref.rsf:1: a quoted name is not closed"
    );
    assert_eq!(
        error("ref.csv", "a,1\nb,2,3\n"),
        "ref.csv:2: expected two fields 'element,cluster', found 3"
    );
    assert_eq!(
        error("ref.csv", "a,1\n,2\n"),
        "ref.csv:2: the element and the cluster must not be empty"
    );
    assert!(error("ref.json", "{\"a\": }").starts_with("ref.json:1: invalid JSON"));
    assert_eq!(
        error("ref.json", r#"{"a": 1.5}"#),
        "ref.json: 'a': cluster 1.5 is not an integer or a name"
    );
    assert!(
        error(
            "p.json",
            r#"{"schema_version": 2, "name": "x", "modules": []}"#
        )
        .contains("FILE.json#SPLIT")
    );
    assert_eq!(
        error("empty.rsf", "# nothing\n"),
        "empty.rsf: the file lists no element in a cluster"
    );
    let limits = ImportLimits {
        max_bytes: 1024,
        max_modules: 2,
        max_calls: 10,
    };
    let many: String = (0..=MAX_CLUSTERS_PER_ELEMENT)
        .map(|c| format!("contain c{c} Shared\n"))
        .collect();
    assert_eq!(
        error("shared.rsf", &many),
        "shared.rsf:65: 'Shared' is listed in more than 64 clusters"
    );
    let refusal = Partition::read("big.csv", "a,1\nb,1\nc,1\n", &limits).expect_err("too many");
    assert_eq!(
        refusal.to_string(),
        "big.csv:3: more elements than the limit of 2"
    );
}

#[test]
fn identical_splits_agree_fully() {
    let reference = read("r.csv", "a,x\nb,x\nc,y\nd,z\n");
    let same = read("s.csv", "a,1\nb,1\nc,2\nd,3\n");
    let agreement = agreement(&same, &reference).expect("comparable");
    assert_eq!(agreement.mojo, 0);
    assert_eq!(agreement.mojofm, 100.0);
    assert_eq!(
        (agreement.c2c_50, agreement.c2c_33, agreement.c2c_10),
        (100.0, 100.0, 100.0)
    );
    assert!((agreement.ari - 1.0).abs() < 1e-12);
    assert!((agreement.nmi - 1.0).abs() < 1e-12);
}

#[test]
fn missing_elements_go_to_unobserved_and_extra_ones_are_left_out() {
    let reference = read("r.csv", "a,x\nb,x\nc,y\nd,y\n");
    // c and d are not in the split; e is not in the reference.
    let split = read("s.csv", "a,1\nb,1\ne,2\n");
    let agreement = agreement(&split, &reference).expect("comparable");
    assert_eq!(agreement.unobserved, 2);
    assert_eq!(agreement.ignored, 1);
    assert_eq!(agreement.elements, 4);
    // {a,b} and unobserved {c,d}: the reference exactly.
    assert_eq!(agreement.mojo, 0);
    assert_eq!(agreement.split_clusters, 2);
}

#[test]
fn c2c_uses_every_membership_of_a_shared_element() {
    // Money is in billing and orders in the reference; the split has it with orders.
    let reference = read(
        "r.rsf",
        "contain billing Money\ncontain billing Invoice\ncontain orders Order\ncontain orders Money\n",
    );
    let split = read("s.csv", "Money,1\nOrder,1\nInvoice,2\n");
    let agreement = agreement(&split, &reference).expect("comparable");
    // {Money, Order} vs orders {Order, Money}: 2/2; {Invoice} vs billing {Money, Invoice}: 1/2.
    assert_eq!(agreement.c2c_50, 50.0);
    assert_eq!(agreement.c2c_33, 100.0);
    assert_eq!(agreement.shared, 1);
    // As a partition Money counts in orders (listed last): the split is the reference.
    assert_eq!(agreement.mojo, 0);
}

#[test]
fn an_empty_reference_is_refused() {
    let split = read("s.csv", "a,1\n");
    assert_eq!(
        agreement(&split, &Partition::new()),
        Err(AgreementError::EmptyReference)
    );
}
