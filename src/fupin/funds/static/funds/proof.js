// Checks a ledger entry's inclusion proof and its tree head's signature in this browser, with
// WebCrypto (SHA-256, Ed25519): RFC 6962 hashing, RFC 9162's verification of the audit path.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("proof-data").textContent);
  const unhex = (h) => new Uint8Array((h.match(/../g) || []).map((x) => parseInt(x, 16)));
  const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

  async function sha256(...parts) {
    const buffer = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) { buffer.set(part, at); at += part.length; }
    return new Uint8Array(await crypto.subtle.digest("SHA-256", buffer));
  }
  const leafHash = (bytes) => sha256(Uint8Array.of(0), bytes);
  const nodeHash = (left, right) => sha256(Uint8Array.of(1), left, right);

  async function included(leaf, index, size, path, root) {
    if (index >= size) return false;
    let fn = index, sn = size - 1, r = leaf;
    for (const p of path) {
      if (sn === 0) return false;
      if (fn % 2 === 1 || fn === sn) {
        r = await nodeHash(p, r);
        if (fn % 2 === 0) { while (fn !== 0 && fn % 2 === 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); } }
      } else {
        r = await nodeHash(r, p);
      }
      fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
    }
    return sn === 0 && same(r, root);
  }

  async function signed(publicKey, head) {
    // The JCS bytes of {"root","size","time"}: sorted keys, no spaces.
    const message = `{"root":"${head.root}","size":${head.size},"time":"${head.time}"}`;
    const key = await crypto.subtle.importKey("raw", unhex(publicKey), { name: "Ed25519" }, false, ["verify"]);
    return crypto.subtle.verify({ name: "Ed25519" }, key, unhex(head.signature), new TextEncoder().encode(message));
  }

  function say(id, ok, detail) {
    const element = document.getElementById(id);
    element.dataset.ok = ok ? "yes" : "no";
    element.className = ok ? "notice" : "notice error";
    element.textContent = (ok ? element.dataset.yes : element.dataset.no) + (detail ? " " + detail : "");
  }

  function show() {
    // What the page shows is what is checked: the same data, written here only.
    document.getElementById("entry-text").textContent = data.entry;
    document.getElementById("tree-size").textContent = String(data.tree_size);
    document.getElementById("tree-root").textContent = data.root;
    document.getElementById("public-key").textContent = data.public_key || "—";
    document.getElementById("head-time").textContent = data.head ? data.head.time : "—";
  }

  function entrySeq() {
    try { return JSON.parse(data.entry).seq; } catch (error) { return null; }
  }

  async function check() {
    show();
    if (!window.crypto || !crypto.subtle) {
      say("inclusion-result", false, document.getElementById("inclusion-result").dataset.insecure);
      return;
    }
    const leaf = await leafHash(new TextEncoder().encode(data.entry));
    document.getElementById("leaf-hash").textContent = hex(leaf);
    const path = data.audit_path.map(unhex);
    const placed = entrySeq() === data.leaf_index + 1;  // the entry is the leaf it claims to be
    say("inclusion-result", placed && await included(leaf, data.leaf_index, data.tree_size, path, unhex(data.root)));
    if (!data.head || !data.public_key) { say("head-result", false, ""); return; }
    let ok = false;
    try { ok = data.head.root === data.root && data.head.size === data.tree_size && await signed(data.public_key, data.head); }
    catch (error) {
      if (error && error.name === "NotSupportedError") {  // no Ed25519 here: not a forgery
        const element = document.getElementById("head-result");
        element.dataset.ok = "unsupported";
        element.className = "notice";
        element.textContent = element.dataset.unsupported;
        return;
      }
      ok = false;
    }
    say("head-result", ok, "");
  }
  check();
})();
