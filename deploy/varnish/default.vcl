# Varnish in front of Vänort's app servers (Varnish 7; Debian's `varnish`).
#
# - Caches only what the app marks cacheable for everybody: a response with
#   `s-maxage` or `public` in Cache-Control, no Set-Cookie, nothing private. The
#   app marks anonymous visitors' public pages so (max-age=0, s-maxage=60); admin
#   pages, forms, previews and anything logged-in are `private, no-store`.
# - Anonymous visitors' cookies are dropped before the lookup: public pages do not
#   depend on them (the language is in the path), and the app sees the request as
#   its own page cache does. A request with a session or a waiting message goes to
#   the app untouched, never through the cache.
# - PURGE is honoured from the app servers only (acl purgers). The app purges
#   after every publish (partnerships.frontend_cache); a PURGE of a path bans that
#   path and everything under it, with any query string, so a purge of "/"
#   empties the whole host, as the app's page cache is renewed.
# - /health/ is the load balancer's and this file's probe; it is never cached.
#
# Adapt: the backends' addresses (one per app server), the probe's Host header
# (one of ALLOWED_HOSTS), and acl purgers (the app servers' addresses).
vcl 4.1;

import directors;

probe health {
    .request =
        "GET /health/ HTTP/1.1"
        "Host: localhost"
        "User-Agent: Varnish health probe"
        "Connection: close";
    .timeout = 2s;
    .interval = 2s;
    .window = 3;
    .threshold = 2;
}

backend app1 {
    .host = "127.0.0.1";
    .port = "8001";
    .probe = health;
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
}

backend app2 {
    .host = "127.0.0.1";
    .port = "8002";
    .probe = health;
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new apps = directors.round_robin();
    apps.add_backend(app1);
    apps.add_backend(app2);
}

sub vcl_recv {
    set req.backend_hint = apps.backend();

    if (req.method == "PURGE") {
        if (!client.ip ~ purgers) {
            return (synth(405, "Not allowed."));
        }
        # The path without its query string, as a prefix; "." and other regular
        # expression characters in a path only widen the ban, never narrow it.
        ban("obj.http.x-vanort-host == " + req.http.host +
            " && obj.http.x-vanort-url ~ ^" + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Purged."));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/health/") {
        return (pass);
    }
    # Logged in, or a message waiting to be shown: the app answers, uncached.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # Kept with each object, for bans (a ban on obj.* runs in the ban lurker).
    set beresp.http.x-vanort-host = bereq.http.host;
    set beresp.http.x-vanort-url = bereq.url;

    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)"
        || beresp.http.Cache-Control !~ "(s-maxage|public)"
        || beresp.http.Vary ~ "\*") {
        # Not for everybody: never served from here; remember so for 2 minutes so
        # requests for it are not queued behind each other.
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Varnish takes the TTL from s-maxage, else max-age.
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.x-vanort-host;
    unset resp.http.x-vanort-url;
    if (obj.hits > 0) {
        set resp.http.X-Frontend-Cache = "hit";
    } else {
        set resp.http.X-Frontend-Cache = "miss";
    }
}
