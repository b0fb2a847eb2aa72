/* authstate passkeys: WebAuthn Level 3 JSON forms in, credential.toJSON() out. No dependencies.
 *
 * Markup hooks (see the authstate/passkeys/*.html templates):
 *   form[data-passkey-register][data-options-url][data-create-url]  add a passkey (signed in)
 *   form[data-passkey-login][data-options-url][data-verify-url]     passwordless sign-in
 *   button[data-passkey-mfa] inside a form, with #passkey-options    passkey as second factor
 * The same calls are exported as window.authstatePasskey for pages and SPAs of their own.
 */
(function () {
  "use strict";

  function supported() {
    return typeof window.PublicKeyCredential === "function" &&
      typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function" &&
      typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function";
  }

  function csrfToken(scope) {
    var field = (scope || document).querySelector("[name=csrfmiddlewaretoken]");
    if (field) return field.value;
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  async function postJSON(url, body, scope) {
    var response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken(scope)},
      body: JSON.stringify(body || {})
    });
    var data = await response.json().catch(function () { return {}; });
    if (!response.ok) {
      var error = new Error((data.error && data.error.message) || "The request failed (" + response.status + ").");
      error.code = data.error && data.error.code;
      error.body = data;
      throw error;
    }
    return data;
  }

  async function create(options) {
    var publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(options);
    var credential = await navigator.credentials.create({publicKey: publicKey});
    return credential.toJSON();
  }

  async function get(options) {
    var publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(options);
    var credential = await navigator.credentials.get({publicKey: publicKey});
    return credential.toJSON();
  }

  function explain(error) {
    if (error && error.name === "NotAllowedError") return "The passkey prompt was cancelled or timed out.";
    if (error && error.name === "InvalidStateError") return "This device already holds a passkey for your account.";
    return (error && error.message) || "Something went wrong with the passkey.";
  }

  function showError(message) {
    var box = document.getElementById("passkey-error");
    if (!box) { window.alert(message); return; }
    box.textContent = message;
    box.hidden = false;
  }

  function hideError() {
    var box = document.getElementById("passkey-error");
    if (box) box.hidden = true;
  }

  function guard(handler) {
    return async function (event) {
      event.preventDefault();
      var control = event.currentTarget;
      if (control.getAttribute("aria-busy") === "true") return;  // a ceremony is already running
      if (!supported()) { showError("This browser does not support passkeys."); return; }
      hideError();
      control.setAttribute("aria-busy", "true");
      try { await handler(control); } catch (error) { showError(explain(error)); }
      control.removeAttribute("aria-busy");
    };
  }

  async function register(form) {
    var started = await postJSON(form.dataset.optionsUrl, {}, form);
    var credential = await create(started.options);
    var name = form.querySelector("[name=name]");
    await postJSON(form.dataset.createUrl, {credential: credential, name: name ? name.value : ""}, form);
    window.location.reload();
  }

  async function login(form) {
    var started = await postJSON(form.dataset.optionsUrl, {}, form);
    var credential = await get(started.options);
    var next = form.querySelector("[name=next]");
    var done = await postJSON(form.dataset.verifyUrl, {credential: credential, next: next ? next.value : ""}, form);
    window.location.assign(done.redirect || "/");
  }

  async function secondFactor(button) {
    var options = JSON.parse(document.getElementById("passkey-options").textContent);
    var credential = await get(options.publicKey || options);
    var form = button.form;
    form.querySelector("[name=credential]").value = JSON.stringify(credential);
    form.submit();
  }

  function wire() {
    document.querySelectorAll("form[data-passkey-register]").forEach(function (form) {
      form.addEventListener("submit", guard(register));
    });
    document.querySelectorAll("form[data-passkey-login]").forEach(function (form) {
      form.addEventListener("submit", guard(login));
    });
    document.querySelectorAll("[data-passkey-mfa]").forEach(function (button) {
      button.addEventListener("click", guard(secondFactor));
    });
  }

  window.authstatePasskey = {supported: supported, create: create, get: get, postJSON: postJSON};
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();
})();
