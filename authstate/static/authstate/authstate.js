/*
 * authstate.js: a dependency-free browser client for authstate's JSON API (no build step).
 *
 *   <script src="{% static 'authstate/authstate.js' %}"></script>
 *   const auth = AuthState.createClient({ loginUrl: "/api/mfa/login", persistence: "memory" });
 *   const result = await auth.login("alice", "password");      // AUTHENTICATED or MFA_REQUIRED
 *   if (result.status === "MFA_REQUIRED") await auth.verify("totp", { code: "123456" });
 *   const response = await auth.fetch("/api/me");               // bearer header, CSRF, one retry
 *   await auth.logout();
 *
 * Tokens are kept as TOKEN_PERSISTENCE says: "memory" (gone on reload; the safest), or
 * "sessionStorage" / "localStorage" (readable by any script on the page). With the HEADER_COOKIE
 * or COOKIE transports the refresh token stays in an HttpOnly cookie the script never sees, and
 * unsafe requests carry Django's CSRF token from the csrftoken cookie. The access token is
 * refreshed shortly before it expires; concurrent callers share one refresh.
 *
 * Credentials go only to the API: `auth.fetch()` adds the bearer token and the CSRF header, and
 * refreshes and retries on 401, only for URLs whose origin is in `apiOrigins` (default: the page's
 * own origin, plus `baseUrl`'s when it is absolute). Any other URL is fetched untouched.
 *
 * Tabs that share a refresh credential (localStorage, or the refresh cookie of HEADER_COOKIE and
 * COOKIE) refresh one at a time under a Web Lock (`navigator.locks`; without it, a lease in
 * localStorage) and hand the new tokens to each other over a BroadcastChannel (without it, the
 * `storage` event): a tab that waited for the lock adopts the tokens another tab just got instead
 * of presenting a rotated-out refresh token, which would trip reuse detection and log out all.
 */
(function (root) {
  "use strict";

  var DEFAULTS = {
    baseUrl: "",
    loginUrl: "/api/auth",
    refreshUrl: "/api/auth/refresh",
    logoutUrl: "/logout",
    selectUrl: "/api/mfa/select",
    verifyUrl: "/api/mfa/verify",
    cancelUrl: "/api/mfa/cancel",
    persistence: "memory",
    transport: "HEADER",
    tokenPrefix: "Bearer ",
    refreshMarginSeconds: 60,
    storageKey: "authstate.tokens",
    deviceIdKey: "authstate.device_id",
    csrfCookieName: "csrftoken",
    csrfHeaderName: "X-CSRFToken",
    apiOrigins: null,
    onChange: null,
  };
  var LEASE_SECONDS = 10;
  var PERSISTENCE = ["memory", "sessionStorage", "localStorage"];
  var SAFE_METHODS = ["GET", "HEAD", "OPTIONS", "TRACE"];

  /** An error answer of the API: `code` is the envelope's stable code. */
  function AuthStateError(status, error) {
    this.name = "AuthStateError";
    this.status = status;
    this.code = (error && error.code) || "http_" + status;
    this.message = (error && error.message) || "Request failed with status " + status;
    this.details = error || {};
  }
  AuthStateError.prototype = Object.create(Error.prototype);
  AuthStateError.prototype.constructor = AuthStateError;

  function now() {
    return Date.now() / 1000;
  }

  function readCookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|;\\s*)" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : null;
  }

  function storageFor(kind) {
    if (kind === "memory") return null;
    try {
      return root[kind] || null;
    } catch (blocked) {
      return null; // storage disabled by the browser: fall back to memory
    }
  }

  function originOf(url) {
    try {
      return new URL(url, root.location.href).origin;
    } catch (invalid) {
      return null;
    }
  }

  function sleep(ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  }

  function randomId() {
    if (root.crypto && root.crypto.randomUUID) return root.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    root.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function Client(options) {
    this.options = Object.assign({}, DEFAULTS, options || {});
    if (PERSISTENCE.indexOf(this.options.persistence) < 0) {
      throw new Error("persistence must be one of " + PERSISTENCE.join(", "));
    }
    this.store = storageFor(this.options.persistence);
    this.origins = this._origins();
    this.tokens = this._load();
    this.mfa = null;
    this.timer = null;
    this.refreshing = null;
    this.channel = null;
    this._listen();
    this._schedule();
  }

  Client.prototype = {
    /** POST username and password; resolves to the body (AUTHENTICATED or MFA_REQUIRED). */
    login: function (username, password) {
      var body = { username: username, password: password, device_id: this.deviceId() };
      return this._post(this.options.loginUrl, body).then(this._accept.bind(this));
    },

    /** Ask for a challenge of one factor (sends the email or SMS; passkey returns options). */
    selectFactor: function (factor) {
      return this._post(this.options.selectUrl, { mfa_token: this._mfaToken(), factor: factor });
    },

    /** Answer the challenge: `{code}` or `{credential}`, optionally `{rememberDevice: true}`. */
    verify: function (factor, answer) {
      answer = answer || {};
      var body = { mfa_token: this._mfaToken(), factor: factor, remember_device: !!answer.rememberDevice };
      if (answer.code !== undefined) body.code = answer.code;
      if (answer.credential !== undefined) body.credential = answer.credential;
      return this._post(this.options.verifyUrl, body).then(this._accept.bind(this));
    },

    /** The passkey factor end to end: options, the browser's authenticator, then verify. */
    verifyPasskey: function (answer) {
      var self = this;
      return this.selectFactor("passkey").then(function (challenge) {
        var publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(challenge.options);
        return navigator.credentials.get({ publicKey: publicKey });
      }).then(function (credential) {
        return self.verify("passkey", Object.assign({}, answer, { credential: credential.toJSON() }));
      });
    },

    cancelMfa: function () {
      var self = this;
      return this._post(this.options.cancelUrl, { mfa_token: this._mfaToken() }).then(function (body) {
        self.mfa = null;
        self._changed();
        return body;
      });
    },

    /** A new access token: one request however many callers (and tabs) ask at once. */
    refresh: function () {
      var self = this;
      if (this.refreshing) return this.refreshing;
      var before = this.accessToken();
      var run = function () { return self._refreshOnce(before); };
      this.refreshing = (this._shared() ? this._exclusive(run) : run()).finally(function () {
        self.refreshing = null;
      });
      return this.refreshing;
    },

    /** After a reload: true when stored tokens (or the refresh cookie) still give a login. */
    resume: function () {
      if (this.tokens && this.tokens.expires_at > now() + 5) return Promise.resolve(true);
      if (!this._refreshable()) return Promise.resolve(false);
      return this.refresh().then(function () { return true; }, function () { return false; });
    },

    logout: function () {
      var self = this;
      var request = this.fetch(this.options.logoutUrl, { method: "POST", retry: false });
      return request.then(function () { self._clear(); }, function (error) { self._clear(); throw error; });
    },

    /** fetch() with the access token (or cookies and CSRF), retried once after a refresh on 401;
     *  a URL outside `apiOrigins` gets neither and is never retried. */
    fetch: function (input, init) {
      var self = this;
      var url = this._url(input);
      init = Object.assign({ credentials: "same-origin" }, init || {});
      var retry = init.retry !== false;
      delete init.retry;
      if (!this.isApiUrl(url)) {
        delete init.bearer;
        return root.fetch(url, init);
      }
      return root.fetch(url, this._withAuth(init)).then(function (response) {
        if (response.status !== 401 || !retry || !self._refreshable()) return response;
        return self.refresh().then(function () {
          return root.fetch(url, self._withAuth(init));
        }, function () { return response; });
      });
    },

    /** Whether `url` is on one of the API origins (the only ones that see credentials). */
    isApiUrl: function (url) {
      var origin = originOf(typeof url === "string" ? url : url && url.url);
      return origin !== null && this.origins.indexOf(origin) >= 0;
    },

    isAuthenticated: function () {
      return !!this.tokens;
    },

    accessToken: function () {
      return this.tokens ? this.tokens.access_token || null : null;
    },

    /** The pending MFA login: `{factors, expires_in}`, or null. */
    pendingMfa: function () {
      return this.mfa ? { factors: this.mfa.factors, expires_in: this.mfa.expires_in } : null;
    },

    /** A stable random id of this browser, sent with logins (lets users tell their devices apart). */
    deviceId: function () {
      var store = storageFor("localStorage");
      var id = store ? store.getItem(this.options.deviceIdKey) : this._deviceId;
      if (!id) {
        id = randomId();
        if (store) store.setItem(this.options.deviceIdKey, id);
        this._deviceId = id;
      }
      return id;
    },

    _accept: function (body) {
      if (body.status === "MFA_REQUIRED" || body.status === "MFA_CONTINUE") {
        this.mfa = Object.assign({}, this.mfa || {}, body);
      } else if (body.status === "AUTHENTICATED") {
        this.mfa = null;
        this._keep(body);
      }
      this._changed();
      return body;
    },

    _keep: function (body) {
      var previous = this.tokens || {};
      var expiresIn = body.expires_in || 0; // none in the session state: the cookie is the login
      this.tokens = {
        access_token: body.access_token || null,
        refresh_token: body.refresh_token || previous.refresh_token || null,
        expires_at: expiresIn ? now() + expiresIn : null,
        lifetime: expiresIn,
      };
      this._save();
      this._schedule();
      this._broadcast({ tokens: this.tokens });
    },

    _clear: function () {
      this.tokens = null;
      this.mfa = null;
      this._save();
      this._schedule();
      this._changed();
      this._broadcast({ tokens: null });
    },

    /** The refresh itself, inside the cross-tab lock: adopt what another tab just got, or ask. */
    _refreshOnce: function (before) {
      var self = this;
      var adopted = this._adoptNewer(before);
      if (adopted) return Promise.resolve(adopted);
      var body = this.tokens && this.tokens.refresh_token ? { refresh_token: this.tokens.refresh_token } : {};
      return this._post(this.options.refreshUrl, body).then(this._accept.bind(this), function (error) {
        var raced = error.status === 401 && self._adoptNewer(before);
        if (raced) return raced; // another tab rotated the token first: its tokens are ours too
        if (error.status === 401) self._clear();
        throw error;
      });
    },

    /** Tokens newer than `before` (stored or broadcast by another tab) and still valid, adopted. */
    _adoptNewer: function (before) {
      var latest = this.store ? this._load() : this.tokens;
      if (!latest || !latest.access_token || latest.access_token === before) return null;
      if (latest.expires_at && latest.expires_at <= now() + 5) return null;
      this._adopt(latest);
      return { status: "AUTHENTICATED", shared: true };
    },

    _adopt: function (tokens) {
      this.tokens = tokens;
      this.mfa = tokens ? null : this.mfa;
      this._schedule();
      this._changed();
    },

    /** Whether other tabs hold the same refresh credential (shared storage or the refresh cookie). */
    _shared: function () {
      return this.options.persistence === "localStorage" || this.options.transport !== "HEADER";
    },

    /** Run `task` while no other tab of this origin refreshes: a Web Lock, else a storage lease. */
    _exclusive: function (task) {
      var name = this.options.storageKey + ".refresh";
      if (root.navigator && root.navigator.locks && root.navigator.locks.request) {
        return root.navigator.locks.request(name, task);
      }
      return this._leased(name, task);
    },

    _leased: function (name, task) {
      var self = this;
      var store = storageFor("localStorage");
      if (!store) return task();
      var mine = randomId();
      var lease = JSON.parse(store.getItem(name) || "null");
      if (lease && lease.until > now()) {
        return sleep(200).then(function () { return self._leased(name, task); });
      }
      store.setItem(name, JSON.stringify({ id: mine, until: now() + LEASE_SECONDS }));
      return Promise.resolve().then(task).finally(function () {
        var held = JSON.parse(store.getItem(name) || "null");
        if (held && held.id === mine) store.removeItem(name);
      });
    },

    /** Hear other tabs' tokens: a BroadcastChannel, else the storage event of localStorage. */
    _listen: function () {
      var self = this;
      if (!this._shared()) return;
      if (typeof root.BroadcastChannel === "function") {
        this.channel = new root.BroadcastChannel(this.options.storageKey);
        this.channel.onmessage = function (event) { self._heard(event.data && event.data.tokens); };
      } else if (this.store && root.addEventListener) {
        root.addEventListener("storage", function (event) {
          if (event.key === self.options.storageKey) self._heard(self._load());
        });
      }
    },

    _heard: function (tokens) {
      var current = this.accessToken();
      if (tokens && tokens.access_token === current) return;
      if (!tokens && !this.tokens) return;
      this._adopt(tokens || null);
    },

    _broadcast: function (message) {
      if (this.channel) this.channel.postMessage(message);
    },

    _origins: function () {
      var given = this.options.apiOrigins;
      var origins = given ? given.map(originOf) : [root.location.origin];
      if (!given && /^https?:/.test(this.options.baseUrl)) origins.push(originOf(this.options.baseUrl));
      return origins.filter(function (origin) { return origin; });
    },

    _schedule: function () {
      clearTimeout(this.timer);
      this.timer = null;
      if (!this.tokens || !this.tokens.expires_at || !this._refreshable()) return;
      // Refresh `refreshMarginSeconds` early, but never sooner than 3/4 into a short token's life.
      var lead = Math.min(this.options.refreshMarginSeconds, (this.tokens.lifetime || 0) / 4);
      var wait = Math.max(0, this.tokens.expires_at - lead - now());
      var self = this;
      this.timer = setTimeout(function () { self.refresh().catch(function () {}); }, wait * 1000);
    },

    _refreshable: function () {
      return !!(this.tokens && this.tokens.refresh_token) || this.options.transport !== "HEADER";
    },

    /** The bearer header (unless `bearer: false`), and the CSRF token on unsafe methods for cookies. */
    _withAuth: function (init) {
      var headers = new Headers(init.headers || {});
      var token = init.bearer === false ? null : this.accessToken();
      if (token && !headers.has("Authorization")) headers.set("Authorization", this.options.tokenPrefix + token);
      var csrf = readCookie(this.options.csrfCookieName);
      if (csrf && SAFE_METHODS.indexOf((init.method || "GET").toUpperCase()) < 0) {
        headers.set(this.options.csrfHeaderName, csrf);
      }
      if (!headers.has("Accept")) headers.set("Accept", "application/json");
      var prepared = Object.assign({}, init, { headers: headers });
      delete prepared.bearer;
      return prepared;
    },

    _post: function (url, body) {
      var init = { method: "POST", body: JSON.stringify(body), retry: false, bearer: false };
      init.headers = { "Content-Type": "application/json", "X-Device-Id": this.deviceId() };
      return this.fetch(url, init).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (json) {
          if (!response.ok) throw new AuthStateError(response.status, json.error);
          return json;
        });
      });
    },

    _mfaToken: function () {
      if (!this.mfa) throw new AuthStateError(401, { code: "mfa_expired", message: "No MFA login is pending." });
      return this.mfa.mfa_token;
    },

    _url: function (path) {
      return /^https?:/.test(path) ? path : this.options.baseUrl + path;
    },

    _load: function () {
      if (!this.store) return null;
      try {
        var tokens = JSON.parse(this.store.getItem(this.options.storageKey));
        return tokens && (!tokens.expires_at || tokens.expires_at > now() || tokens.refresh_token) ? tokens : null;
      } catch (corrupt) {
        return null;
      }
    },

    _save: function () {
      if (!this.store) return;
      if (this.tokens) this.store.setItem(this.options.storageKey, JSON.stringify(this.tokens));
      else this.store.removeItem(this.options.storageKey);
    },

    _changed: function () {
      if (typeof this.options.onChange === "function") {
        this.options.onChange({ authenticated: this.isAuthenticated(), mfa: this.pendingMfa() });
      }
    },
  };

  root.AuthState = {
    createClient: function (options) { return new Client(options); },
    Client: Client,
    AuthStateError: AuthStateError,
  };
})(window);
