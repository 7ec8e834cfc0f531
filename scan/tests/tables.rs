//! The tables a real application touches, found from its code with the right
//! side, checked against a list derived by hand. The application is Spring
//! PetClinic (`fixtures/spring-petclinic`, its origin in `SOURCE.md`).
//!
//! The hand-derived list, module by module (checked against upstream's
//! `db/h2/schema.sql`):
//! - `OwnerRepository` (`JpaRepository<Owner, Integer>`, `save` called by the
//!   owner, pet and visit controllers) writes `owners`; `Owner.pets` and
//!   `Pet.visits` cascade `ALL`, so saving an owner writes `pets` and
//!   `visits` too; `Pet.type` is a plain `@ManyToOne`: `types` is only read.
//! - `PetTypeRepository` (`@Query` over `PetType`) reads `types`.
//! - `VetRepository` (`Repository<Vet, Integer>`, finders only) reads `vets`
//!   and, through the eager `@ManyToMany` join table, `vet_specialties` and
//!   `specialties`.
//! - No other class touches a table: the controllers reach them through the
//!   repositories, and the entities are only mapped.

use std::path::Path;

use scan::{Level, ScanLimits, ScanOptions, read_folder, scan};

const PACKAGE: &str = "org.springframework.samples.petclinic";

fn petclinic() -> scan::Scan {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/spring-petclinic");
    let tree = read_folder(&root, &ScanLimits::default()).expect("reads the fixture");
    let options = ScanOptions {
        source: "spring-petclinic".into(),
        level: Level::Class,
        rules: Vec::new(),
    };
    scan(tree, &options).expect("scans the fixture")
}

#[test]
fn every_table_petclinic_touches_is_found_with_its_side() {
    let found = petclinic();
    let mut tables: Vec<(String, String, bool)> = found
        .layer
        .tables
        .iter()
        .map(|t| {
            let module = t.module.strip_prefix(PACKAGE).unwrap_or(&t.module);
            (module.to_string(), t.table.clone(), t.writes)
        })
        .collect();
    tables.sort();
    let expected = [
        (".owner.OwnerRepository", "owners", true),
        (".owner.OwnerRepository", "pets", true),
        (".owner.OwnerRepository", "types", false),
        (".owner.OwnerRepository", "visits", true),
        (".owner.PetTypeRepository", "types", false),
        (".vet.VetRepository", "specialties", false),
        (".vet.VetRepository", "vet_specialties", false),
        (".vet.VetRepository", "vets", false),
    ]
    .map(|(module, table, writes)| (module.to_string(), table.to_string(), writes));
    assert_eq!(tables, expected);
}

#[test]
fn every_route_is_an_entry_module_calling_its_controller() {
    let found = petclinic();
    let handler = |route: &str| -> Vec<String> {
        found
            .layer
            .calls
            .iter()
            .filter(|c| c.caller == route)
            .map(|c| c.callee.trim_start_matches(PACKAGE).to_string())
            .collect()
    };
    assert_eq!(found.layer.entry_points.len(), 17);
    assert_eq!(handler("GET /vets"), [".vet.VetController"]);
    assert_eq!(
        handler("POST /owners/{ownerId}/pets/{petId}/visits/new"),
        [".owner.VisitController"]
    );
    assert_eq!(
        handler("POST /owners/{ownerId}/pets/new"),
        [".owner.PetController"]
    );
    assert_eq!(handler("GET /oups"), [".system.CrashController"]);
}

#[test]
fn controllers_reach_the_repositories_they_hold() {
    let found = petclinic();
    let calls = |from: &str, to: &str| {
        let (caller, callee) = (format!("{PACKAGE}{from}"), format!("{PACKAGE}{to}"));
        found
            .layer
            .calls
            .iter()
            .any(|c| c.caller == caller && c.callee == callee)
    };
    assert!(calls(".owner.OwnerController", ".owner.OwnerRepository"));
    assert!(calls(".owner.PetController", ".owner.PetTypeRepository"));
    assert!(calls(".vet.VetController", ".vet.VetRepository"));
    assert!(calls(".owner.Owner", ".owner.Pet"));
    assert!(!calls(".vet.VetController", ".owner.OwnerRepository"));
}
