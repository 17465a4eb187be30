//! Real mode (no --demo) against `ramwiz sim` in its own process, signed in from `[default]`,
//! the most common setup: the TUI puts the installer's key in `[default]` only by moving the
//! signed-in key to a profile of its own, and that key signs in from there afterwards.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::io::BufRead;
use std::process::{Command, Stdio};

use support::pty::Pty;

const EXE: &str = env!("CARGO_BIN_EXE_ramwiz");

struct Sim(std::process::Child);
impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_tui_moves_the_signed_in_key_out_of_default_and_it_still_signs_in() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    let creds = home.join(".alibabacloud/credentials");
    std::fs::create_dir_all(creds.parent().unwrap()).unwrap();
    let mut child = Command::new(EXE)
        .args(["sim", "--listen", "127.0.0.1:0", "--state"])
        .arg(tmp.path().join("state.json"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _sim = Sim(child);
    let v: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    let admin = v["access_key_id"].as_str().unwrap().to_owned();
    std::fs::write(
        &creds,
        format!(
            "[default]\ntype = access_key\naccess_key_id = {admin}\naccess_key_secret = {}\n",
            v["access_key_secret"].as_str().unwrap()
        ),
    )
    .unwrap();
    let ep = v["endpoint"].as_str().unwrap().to_owned();
    let env = [
        ("RAMWIZ_RAM_ENDPOINT", ep.as_str()),
        ("RAMWIZ_STS_ENDPOINT", ep.as_str()),
    ];

    let mut pty = Pty::spawn_with_env(&[], &home, 120, 40, &env);
    pty.wait_for("Press Enter to sign in", 20);
    pty.send("\r");
    pty.wait_for("profile default", 10);
    pty.send("\r");
    pty.wait_for("Can manage RAM users", 10);
    pty.send("\r");
    pty.wait_for("Create a new RAM user", 5);
    pty.send("\r");
    pty.wait_for("Create the installer's RAM user", 5);
    pty.send("okd-installer");
    pty.wait_for("valid user name", 5);
    pty.send("\r");
    pty.wait_for("Where the new AccessKey will be saved", 10);
    pty.send("\r");
    pty.wait_for("This profile holds the key you are signed in with", 10);
    assert!(
        !pty.screen().contains("b: back up"),
        "replacing is not offered"
    );
    pty.send("b"); // not a choice here: nothing happens
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(
        pty.screen()
            .contains("holds the key you are signed in with")
    );
    pty.send("m");
    pty.wait_for("Move your key to profile: [root-admin]", 5);
    pty.send("\r");
    pty.wait_for("moves from [default] to [root-admin]", 10);
    // Enter creates the key only once the key list has loaded (before, it is not yet a
    // choice): wait for the list, as a person would.
    pty.wait_for("This user has no AccessKey yet", 10);
    pty.send("\r");
    pty.wait_for("your signed-in key is now in [root-admin]", 20);
    pty.send("\r");
    pty.wait_for("Continue? (y / n)", 5);
    pty.send("y");
    pty.wait_for("The installer's AccessKey works", 40);
    pty.send("q");
    assert_eq!(pty.wait_exit(10), 0);

    let text = std::fs::read_to_string(&creds).unwrap();
    assert!(
        text.starts_with(&format!(
            "[root-admin]\ntype = access_key\naccess_key_id = {admin}\n"
        )),
        "{text}"
    );
    assert!(text.contains("[default]\ntype = access_key\nenable = true\naccess_key_id = LTAI"));
    // The admin's key signs in from its new profile (a dry run changes nothing).
    let answers = tmp.path().join("a.toml");
    std::fs::write(
        &answers,
        "mode = \"setup\"\n[signin]\nprofile = \"root-admin\"\n[user]\nname = \"okd-installer\"\n[key]\nprofile = \"default\"\n[policy]\nkind = \"custom\"\n[provision]\nregion = \"cn-hangzhou\"\nname = \"x\"\n",
    )
    .unwrap();
    let out = Command::new(EXE)
        .args(["apply", "--dry-run", "--output", "json", "--answers"])
        .arg(&answers)
        .env("HOME", &home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("RAMWIZ_RAM_ENDPOINT", &ep)
        .env("RAMWIZ_STS_ENDPOINT", &ep)
        .env_remove("ALIBABA_CLOUD_ACCESS_KEY_ID")
        .env_remove("ALIBABA_CLOUD_ACCESS_KEY_SECRET")
        .env_remove("ALIBABA_CLOUD_CREDENTIALS_FILE")
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    assert!(
        r["signed_in"]["arn"].as_str().unwrap().ends_with(":root"),
        "{r}"
    );
    assert!(
        r["signed_in"]["source"]
            .as_str()
            .unwrap()
            .contains("root-admin")
    );
}
