# nixsec extraction expression.
#
# Applied (nix eval --apply) to one nixosConfigurations.<host> value, it
# reads only the option paths the rules asked for and never serializes a
# whole subtree: `config` is effectively infinite and full of functions and
# derivations. Every read is guarded with builtins.tryEval so that one
# throwing option (removed, used but not defined, mistyped) marks that path
# as failed instead of failing the host; the Go side re-evaluates failed
# paths with `strict = true` to get Nix's own message.
#
# It relies only on what lib.evalModules returns on real NixOS:
# config.<path>, and options.<path>.{_type, isDefined, highestPrio,
# definitionsWithLocations, files}.
{
  # [ { path = [ "users" "users" "*" "password" ]; aliases = [ [ ... ] ]; } ]
  requests,
  # Values nested deeper than this become "<truncated>".
  maxDepth ? 12,
  # When true, values are not guarded: an error aborts the evaluation with
  # Nix's message (used to explain a path that failed under tryEval).
  strict ? false,
  # When set ({ path; aliases; }), the result is every definition of that
  # one path instead of the requests' values: `nixsec why`.
  explain ? null,
}:
host:
let
  inherit (builtins)
    attrNames
    concatMap
    deepSeq
    elem
    filter
    foldl'
    head
    isAttrs
    isFunction
    isList
    isPath
    isString
    length
    listToAttrs
    map
    mapAttrs
    tail
    tryEval
    unsafeDiscardStringContext
    zipAttrsWith
    ;

  config = host.config;
  options = host.options;

  guard = v: if strict then { success = true; value = v; } else tryEval v;

  # Walk an attrset along a path. { found; value; }
  walk =
    v: path:
    if path == [ ] then
      {
        found = true;
        value = v;
      }
    else if isAttrs v && v ? ${head path} then
      walk v.${head path} (tail path)
    else
      { found = false; };

  # Expand "*" components over the attribute names found in config.
  # Returns the concrete paths, each with the names bound to the stars.
  expand =
    pattern:
    let
      go =
        prefix: stars: rest: v:
        if !(elem "*" rest) then
          [
            {
              path = prefix ++ rest;
              inherit stars;
            }
          ]
        else if head rest == "*" then
          (
            if isAttrs v then
              concatMap (n: go (prefix ++ [ n ]) (stars ++ [ n ]) (tail rest) v.${n}) (attrNames v)
            else
              [ ]
          )
        else if isAttrs v && v ? ${head rest} then
          go (prefix ++ [ (head rest) ]) stars (tail rest) v.${head rest}
        else
          [ ];
    in
    go [ ] [ ] pattern config;

  # Substitute the names bound to the stars of a pattern into an alias pattern.
  bindStars =
    alias: stars:
    if alias == [ ] then
      [ ]
    else if head alias == "*" && stars != [ ] then
      [ (head stars) ] ++ bindStars (tail alias) (tail stars)
    else
      [ (head alias) ] ++ bindStars (tail alias) stars;

  # The nearest declared option along a path: { option; rest; } or null.
  # Sub-options of submodules are not in the options tree (a submodule is
  # one option), so the rest of the path is looked up in its definitions.
  # `at` names the option's place in the options tree.
  findOption = findOptionAt "";
  findOptionAt =
    at: opts: rest:
    if isAttrs opts && (opts._type or null) == "option" then
      {
        option = opts;
        inherit at rest;
      }
    else if rest != [ ] && isAttrs opts && opts ? ${head rest} then
      findOptionAt "${at}\n${head rest}" opts.${head rest} (tail rest)
    else
      null;

  # The declaration of a sub-option at `rest` below a submodule-typed
  # option, through nested submodules; null when rest is not a declared
  # sub-option (freeform settings, attrsOf elements, errors).
  subOption =
    opt: rest:
    let
      t = guard (if opt ? type && opt.type ? getSubOptions && opt ? loc then opt.type.getSubOptions opt.loc else null);
    in
    if !t.success || !isAttrs t.value then null else subWalk t.value rest;
  subWalk =
    opts: rest:
    if isAttrs opts && (opts._type or null) == "option" then
      (if rest == [ ] then opts else subOption opts rest)
    else if rest != [ ] && isAttrs opts && opts ? ${head rest} then
      subWalk opts.${head rest} (tail rest)
    else
      null;

  minList = xs: foldl' (a: b: if a == null || b < a then b else a) null xs;

  # The priority with which a raw definition value defines `rest`, or null
  # when it does not. Wrappers nested inside submodule values stay raw
  # (mkIf / mkMerge / mkOverride / mkOrder), so they are interpreted here
  # as the module system would.
  defPrio =
    v: rest: prio:
    let
      t = if isAttrs v then v._type or null else null;
    in
    if t == "override" then
      defPrio v.content rest v.priority
    else if t == "if" then
      (if v.condition then defPrio v.content rest prio else null)
    else if t == "merge" then
      minList (filter (p: p != null) (map (c: defPrio c rest prio) v.contents))
    else if t == "order" then
      defPrio v.content rest prio
    else if rest == [ ] then
      prio
    else if isAttrs v && v ? ${head rest} then
      defPrio v.${head rest} (tail rest) prio
    else
      null;

  # The names a raw definition value may define, through mkIf, mkMerge,
  # mkOverride and mkOrder: a superset (conditions are left to defPrio).
  defNames =
    v:
    let
      t = if isAttrs v then v._type or null else null;
    in
    if t == "override" || t == "order" || t == "if" then
      defNames v.content
    else if t == "merge" then
      concatMap defNames v.contents
    else if isAttrs v then
      attrNames v
    else
      [ ];

  # The definitions of each submodule option that a requested pattern
  # goes into (systemd.services for systemd.services.*.script), indexed by
  # the names they define. Built once per option and host, so that each of
  # its paths looks at the definitions of its own name only: without it,
  # the paths × definitions scans grow with the square of the services.
  indexes = listToAttrs (
    concatMap (
      req:
      let
        f = guard (findOption options req.path);
      in
      if f.success && f.value != null && f.value.rest != [ ] && f.value.option ? definitionsWithLocations then
        [
          {
            name = f.value.at;
            value = zipAttrsWith (_: ds: ds) (
              map (d: listToAttrs (map (n: {
                name = n;
                value = d;
              }) (defNames d.value))) f.value.option.definitionsWithLocations
            );
          }
        ]
      else
        [ ]
    ) requests
  );

  # Definitions of the option that define the path: { defined; files; }.
  definitions =
    found:
    let
      opt = found.option;
      # definitionsWithLocations exists since NixOS 22.11; before that only
      # `files` is known and every file counts.
      defs =
        opt.definitionsWithLocations or (map (f: {
          file = f;
          value = null;
        }) (opt.files or [ ]));
      # Only those that may define the path's first name; the others give
      # no priority below.
      candidates =
        if found.rest != [ ] && indexes ? ${found.at} then
          indexes.${found.at}.${head found.rest} or [ ]
        else
          defs;
      withPrio = map (d: {
        inherit (d) file;
        prio = defPrio d.value found.rest 100;
      }) candidates;
      hits = filter (d: d.prio != null) withPrio;
      best = minList (map (d: d.prio) hits);
      winners = filter (d: d.prio == best) hits;
    in
    if found.rest == [ ] then
      (
        if (opt.highestPrio or 1500) < 1500 then
          {
            defined = true;
            files = map (d: toString d.file) defs;
          }
        else
          {
            defined = false;
            files = [ ];
          }
      )
    else if opt ? definitionsWithLocations then
      {
        defined = winners != [ ];
        files = map (d: toString d.file) winners;
      }
    else
      {
        defined = (opt.highestPrio or 1500) < 1500;
        files = map toString (opt.files or [ ]);
      };

  isDerivation = v: (v.type or null) == "derivation";

  sanitize =
    depth: v:
    if depth > maxDepth then
      "<truncated>"
    else if isFunction v then
      "<function>"
    else if isAttrs v then
      (
        if isDerivation v then
          {
            # Never force outPath: that could build or fetch.
            _derivation =
              let
                n = tryEval (if isString (v.name or null) then v.name else "<unknown>");
              in
              if n.success then unsafeDiscardStringContext n.value else "<unknown>";
          }
        else if v ? outPath && isString v.outPath then
          unsafeDiscardStringContext v.outPath
        else
          mapAttrs (_: sanitize (depth + 1)) v
      )
    else if isList v then
      map (sanitize (depth + 1)) v
    else if isPath v then
      toString v
    else if isString v then
      unsafeDiscardStringContext v
    else
      v;

  # Everything known about one concrete path.
  readPath =
    path:
    let
      found = findOption options path;
      opt = found.option;
      # An option with neither default nor definition has no value at all;
      # that includes paths under an option nixpkgs removed
      # (mkRemovedOptionModule), which throw when read.
      # Likewise a sub-option of a submodule-typed option (journald's
      # upload.settings.Upload.URL) that declares no default and that no
      # definition sets: reading it throws "used but not defined", which
      # is no value, not an evaluation error. A definition that sets it
      # (a throw the flake wrote, say) keeps it a value, and its error.
      # Only a read that fails looks for the declaration (getSubOptions
      # evaluates the submodule's options).
      readFails =
        let
          r = guard (
            let
              x = walk config path;
            in
            if x.found then builtins.seq x.value true else true
          );
        in
        !r.success;
      sub = if found != null && found.rest != [ ] && readFails then subOption opt found.rest else null;
      # Definitions written as module functions or files cannot be read
      # for what they set: then the failure stays an error.
      opaque = guard (
        builtins.any (d: isFunction d.value || isPath d.value) (opt.definitionsWithLocations or [ ])
      );
      undefinedSub =
        sub != null
        && !(sub ? default)
        && defsTry.success
        && !defsTry.value.defined
        && opaque.success
        && !opaque.value;
      hasValue = found != null && (opt.isDefined or true) && !undefinedSub;
      w = walk config path;
      value = if hasValue && w.found then sanitize 0 w.value else null;
      present = hasValue && w.found;
      # One evaluation gives config.<path> from options.<path>.value: a
      # host whose config or options were swapped or edited after the fact
      # (`sys // { config = ...; }`) reads differently through the two.
      # Every real option carries `value`; one without it is not from the
      # module system.
      ov = if opt ? value then walk opt.value found.rest else { found = null; };
      # A value in config under no declared option: the options tree was
      # pruned (`sys // { options = ...; }`), hiding what config holds.
      consistent =
        if found == null then
          !w.found
        else
          !hasValue || (ov.found == w.found && (!w.found || sanitize 0 ov.value == value));
      # Where a path is defined only places findings; a definition whose
      # raw value throws when walked (a nested mkIf condition, say) must
      # not make the path's value unreadable.
      defsTry = guard (forced (definitions found));
      defs =
        if found == null || !defsTry.success then
          {
            defined = false;
            files = [ ];
          }
        else
          defsTry.value;
    in
    {
      declared = found != null;
      inherit present value consistent;
      inherit (defs) defined files;
    };

  # Only definitions are read for aliases: their value is the new option's.
  readAlias =
    path:
    let
      found = findOption options path;
    in
    if found == null then
      {
        defined = false;
        files = [ ];
      }
    else
      definitions found;

  forced = r: deepSeq r r;

  entry =
    req: c:
    let
      r = guard (forced (readPath c.path));
      aliases = map (
        a:
        let
          p = bindStars a c.stars;
          ra = guard (forced (readAlias p));
        in
        {
          path = p;
          ok = ra.success;
        }
        // (if ra.success then ra.value else { })
      ) (req.aliases or [ ]);
    in
    {
      inherit (c) path;
      pattern = req.path;
      ok = r.success;
      inherit aliases;
    }
    // (if r.success then r.value else { });

  # An option renamed between releases has its value under the name the
  # host's nixpkgs declares: NixOS 25.05 declares services.dnscrypt-proxy2,
  # 25.11 services.dnscrypt-proxy (and the old name as a rename of it). A
  # request is read under every name the host declares as an option of its
  # own; a rename (lib.mkRenamedOptionModule / mkAliasOptionModule: "Alias
  # of ...") only repeats its target's value and is not read. Reading every
  # such name, not the first, keeps a module that declares a look-alike of
  # the current name on an older release from hiding the real option's
  # value. With none declared, the path is read (and found absent). Every
  # name's definitions count for where each is defined.
  declaredAs =
    p:
    let
      before = foldl' (acc: c: if acc.done || c == "*" then acc // { done = true; } else acc // { out = acc.out ++ [ c ]; }) {
        done = false;
        out = [ ];
      } p;
      f = guard (
        let
          o = findOption options before.out;
          d = if o == null then "" else o.option.description or "";
        in
        if o == null then "none" else if isString d && builtins.substring 0 9 d == "Alias of " then "rename" else "own"
      );
    in
    if f.success then f.value else "none";

  namesToRead =
    req:
    let
      names = [ req.path ] ++ (req.aliases or [ ]);
      kinds = map (n: {
        name = n;
        kind = declaredAs n;
      }) names;
      own = map (k: k.name) (filter (k: k.kind == "own") kinds);
      declared = map (k: k.name) (filter (k: k.kind != "none") kinds);
      read =
        if own != [ ] then
          own
        else if declared != [ ] then
          [ (head declared) ]
        else
          [ req.path ];
    in
    map (name: {
      path = name;
      aliases = filter (n: n != name) names;
    }) read;

  perRequest = req0: concatMap perName (namesToRead req0);

  perName =
    req:
    let
      e = guard (forced (map (c: c.path) (expand req.path)));
      concrete = if e.success then expand req.path else [ ];
    in
    if e.success then
      map (entry req) concrete
    else
      [
        {
          path = req.path;
          pattern = req.path;
          ok = false;
          aliases = [ ];
        }
      ];
  # Forcing config runs the module system's own checks (an undeclared or
  # mistyped definition anywhere fails every read of the host): that is a
  # host error, not an error of the paths the rules read.
  hostCheck = guard (builtins.seq config (builtins.seq options true));
  # What lib.nixosSystem returns: a module-system result (evalModules tags
  # it `_type = "configuration"`) whose options tree declares the options
  # every NixOS evaluation declares. A host that is a hand-made set, or a
  # real one with `options` replaced, is not checked as if it were one.
  coreOptions = [
    [ "networking" "firewall" "enable" ]
    [ "services" "openssh" "enable" ]
    [ "users" "users" ]
  ];
  identity = guard (
    if !isAttrs host || (host._type or null) != "configuration" then
      "it is not a NixOS configuration (_type is not \"configuration\")"
    else if !isAttrs host.config || !isAttrs host.options then
      "its config or options is not an attribute set"
    else
      let
        missing = filter (p: (findOption options p) == null) coreOptions;
      in
      if missing != [ ] then
        "its options do not declare ${builtins.concatStringsSep "." (head missing)}, which every NixOS evaluation declares"
      else
        ""
  );
  # When these reads throw, so does hostCheck: the host fails with Nix's message.
  identityError = if identity.success then identity.value else "";
  # `nixsec why`: what each definition of a raw value contributes to
  # `rest`, as the module system would discharge it: one entry per value
  # reached through mkMerge, with the priority of the innermost
  # mkOverride (100 without one), whether every enclosing mkIf holds, and
  # the mkOrder priority. Conditions that throw count as not holding and
  # are marked.
  contributions =
    v: rest: prio: cond: order:
    let
      t = if isAttrs v then v._type or null else null;
      c = tryEval (v.condition == true);
    in
    if t == "override" then
      contributions v.content rest v.priority cond order
    else if t == "if" then
      contributions v.content rest prio {
        holds = cond.holds && c.success && c.value;
        throws = cond.throws || !c.success;
      } order
    else if t == "merge" then
      concatMap (x: contributions x rest prio cond order) v.contents
    else if t == "order" then
      contributions v.content rest prio cond v.priority
    else if rest == [ ] then
      [
        {
          inherit prio order;
          inherit (cond) holds throws;
          value = sanitize 0 v;
        }
      ]
    else if isAttrs v && v ? ${head rest} then
      contributions v.${head rest} (tail rest) prio cond order
    else
      [ ];

  # Every definition of one path. For an option itself the module system
  # keeps only the definitions of the winning priority (lower ones and
  # false mkIfs are gone before anything can read them); for a path
  # inside a submodule or attribute-set option, every definition of that
  # option is read, wrappers and all.
  definitionsOf =
    path:
    let
      found = findOption options path;
      opt = found.option;
      top = found.rest == [ ];
      one =
        d:
        let
          r = guard (
            forced (
              if top then
                [
                  {
                    prio = opt.highestPrio or 100;
                    order = null;
                    holds = true;
                    throws = false;
                    value = sanitize 0 d.value;
                  }
                ]
              else
                contributions d.value found.rest 100 {
                  holds = true;
                  throws = false;
                } null
            )
          );
        in
        {
          file = toString d.file;
          ok = r.success;
          contributions = if r.success then r.value else [ ];
        };
      raw = guard (forced (map (d: { file = toString d.file; }) (opt.definitionsWithLocations or [ ])));
      defs = if raw.success then opt.definitionsWithLocations else [ ];
    in
    if found == null then
      {
        declared = false;
        definitions = [ ];
      }
    else
      {
        declared = true;
        option = found.at;
        inherit (found) rest;
        definitionsOk = raw.success;
        definitions = map one defs;
      };

  explanation =
    let
      p = explain.path;
      d = definitionsOf p;
      found = findOption options p;
      opt = found.option;
      try = v: let r = guard (forced v); in if r.success then r.value else null;
      w = guard (forced (let x = walk config p; in if x.found then { present = true; value = sanitize 0 x.value; } else { present = false; }));
    in
    d
    // (
      if found == null then
        { }
      else
        {
          type = try (opt.type.description or null);
          description = try (let x = opt.description or null; in if isString x then x else null);
          declarations = try (map toString (opt.declarations or [ ]));
          declarationPositions = try (
            map (q: {
              file = toString q.file;
              line = q.line or null;
              column = q.column or null;
            }) (opt.declarationPositions or [ ])
          );
          hasDefault = try (opt ? default);
          highestPrio = try (opt.highestPrio or null);
          isDefined = try (opt.isDefined or null);
        }
    )
    // {
      path = p;
      valueOk = w.success;
      value = if w.success then w.value else { present = false; };
      aliases = map (a: { path = a; } // definitionsOf a) (explain.aliases or [ ]);
    };
in
if identityError != "" then
  {
    version = 1;
    hostOk = false;
    inherit identityError;
    entries = [ ];
  }
else if hostCheck.success then
  (
    {
      version = 1;
      hostOk = true;
    }
    // (if explain == null then { entries = concatMap perRequest requests; } else { inherit explanation; })
  )
else
  {
    version = 1;
    hostOk = false;
    entries = [ ];
  }
