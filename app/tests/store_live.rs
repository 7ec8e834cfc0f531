//! The live store on both databases: presence, hidden votes, the timer, and the
//! change signals every server process hears.
#![cfg(feature = "ssr")]

mod common;

use std::time::Duration;

use app::store::{Backend, Change, Db, Signal, StoreError, listen, parse_signal};
use common::{databases, someone};
use engine::edit::Edit;
use engine::model::Module;

#[tokio::test]
async fn presence_lists_each_person_once_with_their_page() {
    for (kind, db, _) in databases().await {
        let kim = someone(&db, "kim").await;
        let lee = someone(&db, "lee").await;
        let project = db
            .create_project(&kim, engine::demo::project())
            .await
            .unwrap();
        db.presence_join("c1", &project, &kim.id, "/p/x")
            .await
            .unwrap();
        db.presence_join("c2", &project, &kim.id, "/p/x/model")
            .await
            .unwrap();
        db.presence_join("c3", &project, &lee.id, "/p/x/readiness")
            .await
            .unwrap();
        let people = db.presence(&project).await.unwrap();
        assert_eq!(people.len(), 2, "{kind}");
        assert_eq!(people[0].name, "kim", "{kind}");
        db.presence_page(&project, &lee.id, "/p/x/compare")
            .await
            .unwrap();
        let people = db.presence(&project).await.unwrap();
        assert_eq!(people[1].page, "/p/x/compare", "{kind}");
        db.presence_leave("c3").await.unwrap();
        db.presence_heartbeat("c1").await.unwrap();
        let people = db.presence(&project).await.unwrap();
        assert_eq!(people.len(), 1, "{kind}");
        assert_eq!(
            db.sweep_presence().await.unwrap(),
            0,
            "{kind}: nothing is stale yet"
        );
    }
}

#[tokio::test]
async fn votes_stay_hidden_until_revealed_and_a_new_round_closes_the_last() {
    for (kind, db, _) in databases().await {
        let kim = someone(&db, "kim").await;
        let lee = someone(&db, "lee").await;
        let project = db
            .create_project(&kim, engine::demo::project())
            .await
            .unwrap();
        let round = db
            .open_vote(&project, "readiness:n1", &kim.id)
            .await
            .unwrap();
        assert_eq!(
            db.open_round_topic(&project, &round)
                .await
                .unwrap()
                .as_deref(),
            Some("readiness:n1"),
            "{kind}"
        );
        db.cast_vote(&project, &round, &kim.id, "yes")
            .await
            .unwrap();
        db.cast_vote(&project, &round, &lee.id, "partly")
            .await
            .unwrap();
        db.cast_vote(&project, &round, &lee.id, "no").await.unwrap();
        let seen_by_kim = db.vote_rounds(&project, &kim.id).await.unwrap();
        assert_eq!(seen_by_kim.len(), 1, "{kind}");
        assert_eq!(seen_by_kim[0].voters, vec!["kim", "lee"], "{kind}");
        assert_eq!(seen_by_kim[0].mine.as_deref(), Some("yes"), "{kind}");
        assert!(
            seen_by_kim[0].votes.is_empty(),
            "{kind}: hidden before the reveal"
        );
        assert!(
            matches!(
                db.revealed_votes(&project, &round).await,
                Err(StoreError::NotFound(_))
            ),
            "{kind}"
        );

        db.reveal_vote(&project, &round).await.unwrap();
        let seen_by_lee = db.vote_rounds(&project, &lee.id).await.unwrap();
        assert!(seen_by_lee[0].revealed, "{kind}");
        assert_eq!(
            seen_by_lee[0].votes,
            vec![
                ("kim".to_string(), "yes".to_string()),
                ("lee".to_string(), "no".to_string())
            ],
            "{kind}"
        );
        assert!(
            matches!(
                db.cast_vote(&project, &round, &lee.id, "yes").await,
                Err(StoreError::Refused(_))
            ),
            "{kind}: no voting after the reveal"
        );
        let (topic, by_id) = db.revealed_votes(&project, &round).await.unwrap();
        assert_eq!(topic, "readiness:n1", "{kind}");
        assert_eq!(by_id.len(), 2, "{kind}");

        let second = db
            .open_vote(&project, "readiness:n1", &kim.id)
            .await
            .unwrap();
        let rounds = db.vote_rounds(&project, &kim.id).await.unwrap();
        assert_eq!(rounds.len(), 1, "{kind}");
        assert_eq!(
            (rounds[0].id.as_str(), rounds[0].round),
            (second.as_str(), 2),
            "{kind}"
        );
        assert!(rounds[0].voters.is_empty(), "{kind}");
        assert_eq!(
            db.open_round_topic(&project, &round).await.unwrap(),
            None,
            "{kind}"
        );
        db.close_vote(&project, &second).await.unwrap();
        assert!(
            db.vote_rounds(&project, &kim.id).await.unwrap().is_empty(),
            "{kind}"
        );
        assert!(
            matches!(
                db.close_vote(&project, &second).await,
                Err(StoreError::NotFound(_))
            ),
            "{kind}"
        );
    }
}

#[tokio::test]
async fn the_timer_starts_restarts_and_stops() {
    for (kind, db, _) in databases().await {
        let kim = someone(&db, "kim").await;
        let project = db
            .create_project(&kim, engine::demo::project())
            .await
            .unwrap();
        assert_eq!(db.timer(&project).await.unwrap(), None, "{kind}");
        let in_ten = app::store::now_millis() + 600_000;
        db.start_timer(&project, "Necessity", in_ten, &kim.id)
            .await
            .unwrap();
        db.start_timer(&project, "Feasibility", in_ten, &kim.id)
            .await
            .unwrap();
        let timer = db.timer(&project).await.unwrap().unwrap();
        assert_eq!(
            (timer.label.as_str(), timer.started_by.as_str()),
            ("Feasibility", "kim"),
            "{kind}"
        );
        assert!(
            (590_000..=600_000).contains(&timer.remaining_ms),
            "{kind}: {}",
            timer.remaining_ms
        );
        db.stop_timer(&project).await.unwrap();
        assert_eq!(db.timer(&project).await.unwrap(), None, "{kind}");
    }
}

/// The next signal for `project`, whichever way this database sends them.
async fn next_signal(db: &Db, url: &str, project: &str, act: impl AsyncFnOnce()) -> Signal {
    let wait = Duration::from_secs(5);
    match db.backend() {
        Backend::Sqlite => {
            let mut signals = db.signals();
            act().await;
            loop {
                let signal = tokio::time::timeout(wait, signals.recv())
                    .await
                    .unwrap()
                    .unwrap();
                if signal.project == project {
                    return signal;
                }
            }
        }
        Backend::Postgres => {
            let mut listener = listen(url).await.unwrap();
            act().await;
            loop {
                let note = tokio::time::timeout(wait, listener.recv())
                    .await
                    .unwrap()
                    .unwrap();
                let signal = parse_signal(note.payload()).unwrap();
                if signal.project == project {
                    return signal;
                }
            }
        }
    }
}

#[tokio::test]
async fn committed_edits_are_announced_with_the_edit_when_small() {
    for (kind, db, url) in databases().await {
        let kim = someone(&db, "kim").await;
        let project = db
            .create_project(&kim, engine::demo::project())
            .await
            .unwrap();
        let edit = Edit::PutModule {
            module: Module::new("audit"),
        };
        let signal = next_signal(&db, &url, &project, async || {
            db.apply_edit(&project, &kim, 1, &edit).await.unwrap();
        })
        .await;
        assert_eq!(
            signal.change,
            Change::Revision {
                revision: 2,
                by: "kim".into(),
                by_id: kim.id.clone(),
                edit: Some(Box::new(edit.clone())),
            },
            "{kind}"
        );

        let mut big = engine::demo::project();
        for i in 0..200 {
            big.modules.push(Module::new(format!("extra-module-{i}")));
        }
        let import = Edit::Import {
            modules: big.modules,
            calls: big.calls,
            splits: None,
        };
        let signal = next_signal(&db, &url, &project, async || {
            db.apply_edit(&project, &kim, 2, &import).await.unwrap();
        })
        .await;
        assert!(
            matches!(
                signal.change,
                Change::Revision {
                    revision: 3,
                    edit: None,
                    ..
                }
            ),
            "{kind}: a big edit is fetched, not sent: {:?}",
            signal.change
        );

        let signal = next_signal(&db, &url, &project, async || {
            db.announce(Signal {
                project: project.clone(),
                change: Change::Votes,
            })
            .await
            .unwrap();
        })
        .await;
        assert_eq!(signal.change, Change::Votes, "{kind}");
    }
}
