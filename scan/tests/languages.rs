//! Each language's extractor on small sources written for the test: the
//! modules, dependencies, tables (with their side) and routes a reader of the
//! code would name.

use scan::{Level, ScanOptions, SourceFile, SourceTree, scan};

fn tree(files: &[(&str, &str)]) -> SourceTree {
    SourceTree {
        files: files
            .iter()
            .map(|(path, text)| SourceFile {
                path: path.to_string(),
                text: text.to_string(),
            })
            .collect(),
        skipped: Vec::new(),
    }
}

fn scanned(files: &[(&str, &str)]) -> scan::Scan {
    let options = ScanOptions {
        source: "test".into(),
        level: Level::Class,
        rules: Vec::new(),
    };
    scan(tree(files), &options).expect("scans")
}

fn calls(found: &scan::Scan) -> Vec<(String, String, u64)> {
    found
        .layer
        .calls
        .iter()
        .map(|c| (c.caller.clone(), c.callee.clone(), c.count))
        .collect()
}

fn has_call(found: &scan::Scan, from: &str, to: &str) -> bool {
    found
        .layer
        .calls
        .iter()
        .any(|c| c.caller == from && c.callee == to)
}

fn tables(found: &scan::Scan) -> Vec<(String, String, bool)> {
    found
        .layer
        .tables
        .iter()
        .map(|t| (t.module.clone(), t.table.clone(), t.writes))
        .collect()
}

fn table(module: &str, table: &str, writes: bool) -> (String, String, bool) {
    (module.to_string(), table.to_string(), writes)
}

#[test]
fn java_spring_jpa_application() {
    let found = scanned(&[
        (
            "src/main/java/shop/owner/Owner.java",
            r#"package shop.owner;
import jakarta.persistence.*;
import java.util.Set;
import shop.pet.Pet;
@Entity @Table(name = "owners")
public class Owner {
  @OneToMany(cascade = CascadeType.ALL) private Set<Pet> pets;
  public static class Address {}
}"#,
        ),
        (
            "src/main/java/shop/pet/Pet.java",
            r#"package shop.pet;
import jakarta.persistence.Entity;
@Entity public class Pet { @ManyToMany @JoinTable(name = "pet_tags") private java.util.List<Tag> tags; }"#,
        ),
        (
            "src/main/java/shop/pet/Tag.java",
            "package shop.pet;\n@jakarta.persistence.Entity class Tag {}",
        ),
        (
            "src/main/java/shop/owner/OwnerRepository.java",
            r#"package shop.owner;
import org.springframework.data.jpa.repository.JpaRepository;
public interface OwnerRepository extends JpaRepository<Owner, Integer> {}"#,
        ),
        (
            "src/main/java/shop/owner/OwnerController.java",
            r#"package shop.owner;
import org.springframework.web.bind.annotation.*;
@RestController @RequestMapping("/owners")
class OwnerController {
  private final OwnerRepository owners;
  OwnerController(OwnerRepository owners) { this.owners = owners; }
  @GetMapping("/{id}") Owner show(int id) { return owners.findById(id).orElseThrow(); }
  @PostMapping Owner.Address create(Owner owner) { this.owners.save(owner); return null; }
}"#,
        ),
        (
            "src/main/java/shop/report/Totals.java",
            r#"package shop.report;
class Totals {
  static final String SQL = "SELECT o.id, count(*) FROM owners o " +
      "JOIN visits v ON v.owner_id = o.id";
  void archive(java.sql.Connection c) throws Exception { c.prepareStatement("INSERT INTO visit_archive SELECT * FROM visits"); }
}"#,
        ),
    ]);
    assert!(has_call(
        &found,
        "shop.owner.OwnerController",
        "shop.owner.OwnerRepository"
    ));
    assert!(has_call(
        &found,
        "shop.owner.OwnerController",
        "shop.owner.Owner"
    ));
    assert!(has_call(&found, "shop.owner.Owner", "shop.pet.Pet"));
    assert!(has_call(&found, "shop.pet.Pet", "shop.pet.Tag"));
    assert!(
        !found.layer.modules.iter().any(|m| m.contains("Address")),
        "nested classes fold into their outer class"
    );
    let tables = tables(&found);
    for expected in [
        table("shop.owner.OwnerRepository", "owners", true),
        table("shop.owner.OwnerRepository", "pet", true),
        table("shop.owner.OwnerRepository", "pet_tags", true),
        table("shop.owner.OwnerRepository", "tag", false),
        table("shop.report.Totals", "owners", false),
        table("shop.report.Totals", "visits", false),
        table("shop.report.Totals", "visit_archive", true),
    ] {
        assert!(tables.contains(&expected), "{expected:?} in {tables:?}");
    }
    assert_eq!(
        found.routes,
        [
            (
                "GET /owners/{id}".to_string(),
                "shop.owner.OwnerController".to_string()
            ),
            (
                "POST /owners".to_string(),
                "shop.owner.OwnerController".to_string()
            ),
        ]
    );
    assert_eq!(
        found.layer.entry_points,
        ["GET /owners/{id}", "POST /owners"]
    );
}

#[test]
fn java_lang_is_seen_without_an_import_and_an_import_wins_over_it() {
    let found = scanned(&[
        (
            "java/lang/String.java",
            "package java.lang;\npublic final class String {}\n",
        ),
        (
            "java/lang/Thread.java",
            "package java.lang;\npublic class Thread {}\n",
        ),
        (
            "java/util/Locale.java",
            "package java.util;\npublic class Locale { String tag; Thread owner; }\n",
        ),
        (
            "shop/Thread.java",
            "package shop;\npublic class Thread {}\n",
        ),
        (
            "app/Job.java",
            "package app;\nimport shop.Thread;\nclass Job { String name; Thread worker; }\n",
        ),
    ]);
    assert!(has_call(&found, "java.util.Locale", "java.lang.String"));
    assert!(has_call(&found, "java.util.Locale", "java.lang.Thread"));
    assert!(has_call(&found, "app.Job", "java.lang.String"));
    assert!(has_call(&found, "app.Job", "shop.Thread"));
    assert!(!has_call(&found, "app.Job", "java.lang.Thread"));
}

#[test]
fn a_java_call_depends_on_its_callees_parameter_types_as_the_class_file_names_them() {
    let found = scanned(&[
        (
            "v/Visitor.java",
            "package v; public interface Visitor { void visitLoad(Load l); void visitAny(Node n); void visitAny(Node n, Extra e); void pick(Node n); void pick(Other o); }",
        ),
        ("v/Load.java", "package v; public class Load {}"),
        (
            "v/Maker.java",
            "package v; public class Maker { public Maker(Slot s) {} }",
        ),
        ("v/Node.java", "package v; public class Node {}"),
        ("v/Extra.java", "package v; public class Extra {}"),
        ("v/Other.java", "package v; public class Other {}"),
        ("v/Slot.java", "package v; public class Slot {}"),
        (
            "v/Box.java",
            "package v; public class Box { public <T extends Bound> void put(T t, java.util.List<Item> items) {} }",
        ),
        ("v/Bound.java", "package v; public class Bound {}"),
        ("v/Item.java", "package v; public class Item {}"),
        (
            "v/Walker.java",
            "package v; public class Walker { Box box; void walk(Visitor visitor) { visitor.visitLoad(null); visitor.visitAny(null); visitor.pick(null); box.put(null, null); new Maker(null); } }",
        ),
    ]);
    // visitLoad(Load) and new Maker(Slot): javac writes Load and Slot into
    // Walker's class file, though its source never names them.
    assert!(has_call(&found, "v.Walker", "v.Load"));
    assert!(has_call(&found, "v.Walker", "v.Slot"));
    // visitAny(null) can only be visitAny(Node): Extra is in the overload
    // of two parameters.
    assert!(has_call(&found, "v.Walker", "v.Node"));
    assert!(!has_call(&found, "v.Walker", "v.Extra"));
    // pick(null) is pick(Node) or pick(Other): without the argument's type,
    // only what both share would count, and they share nothing.
    assert!(!has_call(&found, "v.Walker", "v.Other"));
    // put's descriptor is (Bound, List): a type variable erases to its
    // bound; a type argument is not in it.
    assert!(has_call(&found, "v.Walker", "v.Bound"));
    assert!(!has_call(&found, "v.Walker", "v.Item"));
}

#[test]
fn java_servlets_take_their_urls_from_web_xml() {
    let found = scanned(&[
        (
            "src/main/java/shop/OrderServlet.java",
            r#"package shop;
public class OrderServlet extends javax.servlet.http.HttpServlet {
  protected void doGet(Object req, Object res) {}
  protected void doPost(Object req, Object res) {}
}"#,
        ),
        (
            "src/main/webapp/WEB-INF/web.xml",
            "<web-app><servlet><servlet-name>o</servlet-name><servlet-class>shop.OrderServlet</servlet-class></servlet><servlet-mapping><servlet-name>o</servlet-name><url-pattern>/orders</url-pattern></servlet-mapping></web-app>",
        ),
    ]);
    assert_eq!(found.layer.entry_points, ["GET /orders", "POST /orders"]);
}

#[test]
fn python_django_models_querysets_and_urls() {
    let found = scanned(&[
        ("mysite/polls/__init__.py", ""),
        (
            "mysite/polls/models.py",
            r#"from django.db import models
class Question(models.Model):
    text = models.CharField(max_length=200)
class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE)
    class Meta:
        db_table = "poll_choices"
"#,
        ),
        (
            "mysite/polls/views.py",
            r#"from django.shortcuts import get_object_or_404
from .models import Question, Choice
def detail(request, pk):
    return get_object_or_404(Question, pk=pk)
def vote(request, pk):
    question = get_object_or_404(Question, pk=pk)
    selected = question.choice_set.get(pk=request.POST["choice"])
    selected.votes += 1
    selected.save()
def stats(cursor):
    cursor.execute("SELECT count(*) FROM polls_question")
"#,
        ),
        (
            "mysite/polls/urls.py",
            r#"from django.urls import path
from . import views
urlpatterns = [path("<int:pk>/", views.detail), path("<int:pk>/vote/", views.vote)]
"#,
        ),
    ]);
    assert!(has_call(&found, "polls.views", "polls.models"));
    assert!(has_call(&found, "polls.urls", "polls.views"));
    let tables = tables(&found);
    for expected in [
        table("polls.views", "polls_question", false),
        table("polls.views", "poll_choices", true),
    ] {
        assert!(tables.contains(&expected), "{expected:?} in {tables:?}");
    }
    assert_eq!(
        found.routes,
        [
            ("ANY /<int:pk>".to_string(), "polls.views".to_string()),
            ("ANY /<int:pk>/vote".to_string(), "polls.views".to_string()),
        ]
    );
}

#[test]
fn django_relations_are_followed_where_the_code_follows_them() {
    let found = scanned(&[
        ("shop/__init__.py", ""),
        (
            "shop/models.py",
            r#"from django.conf import settings
from django.db import models
class Order(models.Model):
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    class Status(models.TextChoices):
        OPEN = "open"
    def buyer_name(self):
        return self.buyer.username
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
"#,
        ),
        (
            "shop/views.py",
            r#"from django.shortcuts import get_object_or_404
from .models import Order
def detail(request, pk):
    return get_object_or_404(Order, pk=pk)
def owner(request, pk):
    order = get_object_or_404(Order, pk=pk)
    return order.buyer.email
"#,
        ),
        (
            "plain/report.py",
            "def groups(user):\n    return user.groups.all()\n",
        ),
    ]);
    let found_tables = tables(&found);
    for expected in [
        table("shop.models", "auth_user", false),
        table("shop.models", "shop_order", true),
        table("shop.views", "shop_order", false),
        table("shop.views", "auth_user", false),
    ] {
        assert!(
            found_tables.contains(&expected),
            "{expected:?} in {found_tables:?}"
        );
    }
    // Reading an order does not read its buyer until the code follows it.
    let detail_only = scanned(&[(
        "shop/views.py",
        "from django.db import models\nclass Order(models.Model):\n    buyer = models.ForeignKey('auth.User', on_delete=models.CASCADE)\ndef detail(pk):\n    return Order.objects.get(pk=pk)\n",
    )]);
    assert_eq!(tables(&detail_only), [table("views", "shop_order", false)]);
    // Without Django, a `user` is nobody's model.
    assert!(
        !found_tables
            .iter()
            .any(|(module, ..)| module.ends_with("report")),
        "{found_tables:?}"
    );
}

#[test]
fn typescript_imports_express_nest_typeorm_and_prisma() {
    let found = scanned(&[
        (
            "src/orders/order.entity.ts",
            "import { Entity } from 'typeorm';\n@Entity('orders')\nexport class Order {}\n",
        ),
        (
            "src/orders/orders.service.ts",
            r#"import { Order } from './order.entity';
import { InjectRepository } from '@nestjs/typeorm';
export class OrdersService {
  constructor(@InjectRepository(Order) private readonly orderRepository: any) {}
  place(o: Order) { return this.orderRepository.save(o); }
}"#,
        ),
        (
            "src/orders/orders.controller.ts",
            r#"import { Controller, Get, Post } from '@nestjs/common';
import { OrdersService } from './orders.service';
@Controller('orders')
export class OrdersController {
  constructor(private readonly service: OrdersService) {}
  @Get(':id') find() {}
  @Post() create() {}
}"#,
        ),
        (
            "src/server.js",
            r#"const express = require('express');
const { listUsers } = require('./users');
const app = express();
app.get('/users', listUsers);
"#,
        ),
        (
            "src/users.js",
            "const { prisma } = require('./db');\nexports.listUsers = () => prisma.user.findMany();\nexports.add = (u) => prisma.user.create({ data: u });\n",
        ),
        ("src/db.js", "module.exports = { prisma: null };\n"),
        (
            "prisma/schema.prisma",
            "model User {\n  id Int @id\n  @@map(\"users\")\n}\n",
        ),
    ]);
    assert!(has_call(
        &found,
        "src/orders/orders.controller",
        "src/orders/orders.service"
    ));
    assert!(has_call(
        &found,
        "src/orders/orders.service",
        "src/orders/order.entity"
    ));
    assert!(has_call(&found, "src/server", "src/users"));
    let tables = tables(&found);
    assert!(
        tables.contains(&table("src/orders/orders.service", "orders", true)),
        "{tables:?}"
    );
    assert!(
        tables.contains(&table("src/users", "users", true)),
        "{tables:?}"
    );
    assert!(found.routes.contains(&(
        "GET /orders/:id".to_string(),
        "src/orders/orders.controller".to_string()
    )));
    assert!(found.routes.contains(&(
        "POST /orders".to_string(),
        "src/orders/orders.controller".to_string()
    )));
    assert!(
        found
            .routes
            .contains(&("GET /users".to_string(), "src/users".to_string()))
    );
}

#[test]
fn go_packages_sql_and_handlers() {
    let found = scanned(&[
        ("go.mod", "module example.com/shop\n\ngo 1.22\n"),
        (
            "cmd/server/main.go",
            r#"package main
import (
  "net/http"
  h "example.com/shop/internal/handlers"
)
func main() { http.HandleFunc("GET /orders", h.ListOrders) }"#,
        ),
        (
            "internal/handlers/orders.go",
            r#"package handlers
import (
  "database/sql"
  "net/http"
  "example.com/shop/internal/store"
)
var db *sql.DB
func ListOrders(w http.ResponseWriter, r *http.Request) { store.Log(); db.Query("SELECT id FROM orders WHERE paid") }"#,
        ),
        (
            "internal/store/log.go",
            "package store\nfunc Log() { _ = `UPDATE audit SET n = n + 1` }\n",
        ),
    ]);
    assert_eq!(
        calls(&found)
            .into_iter()
            .filter(|(from, _, _)| !from.starts_with("GET"))
            .map(|(a, b, _)| (a, b))
            .collect::<Vec<_>>(),
        [
            (
                "example.com/shop/cmd/server".to_string(),
                "example.com/shop/internal/handlers".to_string()
            ),
            (
                "example.com/shop/internal/handlers".to_string(),
                "example.com/shop/internal/store".to_string()
            ),
        ]
    );
    let tables = tables(&found);
    assert!(tables.contains(&table(
        "example.com/shop/internal/handlers",
        "orders",
        false
    )));
    assert!(tables.contains(&table("example.com/shop/internal/store", "audit", true)));
    assert_eq!(
        found.routes,
        [(
            "GET /orders".to_string(),
            "example.com/shop/internal/handlers".to_string()
        )]
    );
}

#[test]
fn kotlin_classes_imports_and_spring_data() {
    let found = scanned(&[
        (
            "src/main/kotlin/shop/Order.kt",
            "package shop\nimport jakarta.persistence.Entity\nimport jakarta.persistence.Table\n@Entity\n@Table(name = \"orders\")\nclass Order(val id: Long)\n",
        ),
        (
            "src/main/kotlin/shop/data/OrderRepository.kt",
            "package shop.data\nimport shop.Order\nimport org.springframework.data.jpa.repository.JpaRepository\ninterface OrderRepository : JpaRepository<Order, Long>\n",
        ),
        (
            "src/main/kotlin/shop/web/OrderController.kt",
            r#"package shop.web
import shop.data.*
import shop.Order
import org.springframework.web.bind.annotation.*
@RestController
@RequestMapping("/orders")
class OrderController(private val orders: OrderRepository) {
    @PostMapping
    fun place(order: Order) = orders.save(order)
}"#,
        ),
    ]);
    assert!(has_call(
        &found,
        "shop.web.OrderController",
        "shop.data.OrderRepository"
    ));
    assert!(has_call(&found, "shop.data.OrderRepository", "shop.Order"));
    assert!(
        tables(&found).contains(&table("shop.data.OrderRepository", "orders", true)),
        "{:?}",
        tables(&found)
    );
    assert_eq!(found.layer.entry_points, ["POST /orders"]);
}

#[test]
fn csharp_namespaces_ef_core_and_controllers() {
    let found = scanned(&[
        (
            "Shop/Models/Order.cs",
            "namespace Shop.Models;\n[System.ComponentModel.DataAnnotations.Schema.Table(\"orders\")]\npublic class Order { public int Id { get; set; } }\n",
        ),
        (
            "Shop/Data/ShopContext.cs",
            "using Microsoft.EntityFrameworkCore;\nusing Shop.Models;\nnamespace Shop.Data {\n  public class ShopContext : DbContext { public DbSet<Order> Orders { get; set; } }\n}\n",
        ),
        (
            "Shop/Controllers/OrdersController.cs",
            r#"using Microsoft.AspNetCore.Mvc;
using Shop.Data;
using Shop.Models;
namespace Shop.Controllers;
[ApiController]
[Route("api/[controller]")]
public class OrdersController : ControllerBase {
  private readonly ShopContext _db;
  [HttpPost] public IActionResult Place(Order order) { _db.Orders.Add(order); return Ok(); }
  [HttpGet("{id}")] public IActionResult Get(int id) => Ok(_db.Orders.Find(id));
}"#,
        ),
    ]);
    assert!(has_call(
        &found,
        "Shop.Controllers.OrdersController",
        "Shop.Data.ShopContext"
    ));
    assert!(has_call(
        &found,
        "Shop.Controllers.OrdersController",
        "Shop.Models.Order"
    ));
    assert!(has_call(
        &found,
        "Shop.Data.ShopContext",
        "Shop.Models.Order"
    ));
    assert!(
        tables(&found).contains(&table("Shop.Controllers.OrdersController", "orders", true)),
        "{:?}",
        tables(&found)
    );
    assert_eq!(
        found.layer.entry_points,
        ["GET /api/Orders/{id}", "POST /api/Orders"]
    );
}

#[test]
fn broken_files_are_listed_and_the_rest_is_read() {
    let found = scanned(&[
        ("src/a.py", "import b\ndef broken(:\n    pass\n"),
        ("src/b.py", "x = 1\n"),
    ]);
    assert_eq!(found.broken.len(), 1);
    assert_eq!(found.broken[0].path, "src/a.py");
    assert_eq!(found.broken[0].lines, [2]);
    assert!(has_call(&found, "a", "b"));
}

#[test]
fn a_tree_without_sources_is_refused_in_words() {
    let options = ScanOptions {
        source: "empty".into(),
        ..ScanOptions::default()
    };
    let error = scan(tree(&[("README.md", "# hi")]), &options).unwrap_err();
    assert!(error.to_string().contains("no Java, Kotlin"), "{error}");
}

#[test]
fn a_file_that_would_parse_for_minutes_is_given_up_and_the_rest_is_read() {
    // Found by fuzzing: the Kotlin grammar's error recovery took 4.5 minutes
    // and over 2 GB on these 394 bytes (the 0xC1 bytes as U+FFFD here).
    let hostile = String::from_utf8_lossy(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/hostile/slow-parse.kt"
        ))
        .expect("fixture"),
    )
    .into_owned();
    let found = scan(
        tree(&[
            ("src/main/kotlin/a/B.kt", &hostile),
            ("src/main/java/a/C.java", "package a; class C { D d; }"),
            ("src/main/java/a/D.java", "package a; class D {}"),
        ]),
        &ScanOptions {
            source: "test".into(),
            level: Level::Class,
            rules: Vec::new(),
        },
    )
    .expect("scans");
    assert!(has_call(&found, "a.C", "a.D"));
    assert!(
        found
            .skipped
            .iter()
            .any(|s| s.path.ends_with("B.kt") && s.reason == "the parser gave up on it"),
        "{:?}",
        found.skipped
    );
}
