//! Zachary's karate club as a project: the suggestion tests' reference graph,
//! and one of the small graphs `make bench` holds Seams' communities against
//! NetworKit's on.

use engine::model::{Call, Module, Project};

/// Zachary's karate club (W. W. Zachary, J. Anthropol. Res. 33, 1977): 34
/// members, 78 friendships, as adjacency rows `member: friends with higher numbers`.
const KARATE: &str = "0: 1 2 3 4 5 6 7 8 10 11 12 13 17 19 21 31
1: 2 3 7 13 17 19 21 30
2: 3 7 8 9 13 27 28 32
3: 7 12 13
4: 6 10
5: 6 10 16
6: 16
8: 30 32 33
9: 33
13: 33
14: 32 33
15: 32 33
18: 32 33
19: 33
20: 32 33
22: 32 33
23: 25 27 29 32 33
24: 25 27 31
25: 31
26: 29 33
27: 33
28: 31 33
29: 32 33
30: 32 33
31: 32 33
32: 33";

/// The club: one module per member, one call per friendship.
pub fn project() -> Project {
    let mut project = Project::new("karate");
    project.modules = (0..34).map(|i| Module::new(format!("m{i}"))).collect();
    for line in KARATE.lines() {
        let (a, rest) = line.split_once(':').unwrap();
        for b in rest.split_whitespace() {
            project
                .calls
                .push(Call::new(format!("m{a}"), format!("m{b}")));
        }
    }
    assert_eq!(project.calls.len(), 78);
    project
}
