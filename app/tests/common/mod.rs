//! Test databases for the store suites: SQLite always, PostgreSQL too when
//! SEAMS_TEST_POSTGRES_URL points at a server where they may create databases.

use app::store::{Db, UserRecord, new_id};

/// A fresh, migrated database of each kind available: (kind, db, url).
pub async fn databases() -> Vec<(&'static str, Db, String)> {
    let mut dbs = Vec::new();
    let dir = std::env::temp_dir().join(format!("seams-store-{}", new_id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sqlite_url = format!("sqlite://{}/test.db?mode=rwc", dir.display());
    let sqlite = Db::connect(&sqlite_url).await.unwrap();
    sqlite.migrate().await.unwrap();
    dbs.push(("sqlite", sqlite, sqlite_url));
    if let Ok(admin_url) = std::env::var("SEAMS_TEST_POSTGRES_URL") {
        let name = format!("seams_test_{}", new_id());
        let admin = Db::connect(&admin_url)
            .await
            .expect("SEAMS_TEST_POSTGRES_URL must be reachable");
        admin
            .execute_admin(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
        let base = admin_url
            .rsplit_once('/')
            .map_or(admin_url.as_str(), |(base, _)| base);
        let url = format!("{base}/{name}");
        let postgres = Db::connect(&url).await.unwrap();
        postgres.migrate().await.unwrap();
        dbs.push(("postgres", postgres, url));
    }
    dbs
}

/// A registered user.
pub async fn someone(db: &Db, name: &str) -> UserRecord {
    db.create_user(&format!("{name}@example.com"), name, "hash")
        .await
        .unwrap()
}
