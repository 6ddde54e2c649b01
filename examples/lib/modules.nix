# A small module system that behaves like nixpkgs' lib/modules.nix where
# nixsec looks: the shape of `options.<path>` (definitionsWithLocations,
# files, highestPrio, isDefined), the order of definitions, the attribution
# of files, priorities, mkIf/mkMerge/mkOverride/mkOrder, submodules,
# freeform types, renamed options and the error messages of undeclared or
# mistyped definitions. It is written from the behaviour of nixpkgs' lib
# (lib/modules.nix), not copied from it, and leaves out what nixsec never
# reads (docs, _module options, disabledModules, declarationPositions,
# type merging of repeated declarations).
let
  inherit (builtins)
    all any attrNames concatLists concatMap concatStringsSep elem elemAt filter
    foldl' functionArgs genericClosure head isAttrs isBool isFloat isFunction
    isInt isList isPath isString length listToAttrs mapAttrs match removeAttrs
    seq sort stringLength substring tail toJSON trace typeOf zipAttrsWith;

  # ---------------------------------------------------------------- lists, sets
  optional = cond: x: if cond then [ x ] else [ ];
  optionals = cond: xs: if cond then xs else [ ];
  optionalString = cond: s: if cond then s else "";
  optionalAttrs = cond: as: if cond then as else { };
  last = xs: elemAt xs (length xs - 1);
  init = xs: builtins.genList (elemAt xs) (length xs - 1);
  reverseList = xs: builtins.genList (i: elemAt xs (length xs - 1 - i)) (length xs);
  imap1 = f: xs: builtins.genList (i: f (i + 1) (elemAt xs i)) (length xs);
  toList = x: if isList x then x else [ x ];
  flatten = x: if isList x then concatMap flatten x else [ x ];
  unique = foldl' (acc: x: if elem x acc then acc else acc ++ [ x ]) [ ];
  take = n: xs: builtins.genList (elemAt xs) (if n < length xs then n else length xs);
  range = first: lastN: if first > lastN then [ ] else builtins.genList (n: first + n) (lastN - first + 1);
  sortOn = f: xs: map (p: p.x) (sort (a: b: a.k < b.k) (map (x: { inherit x; k = f x; }) xs));
  min = a: b: if a < b then a else b;
  zipAttrs = zipAttrsWith (_: vs: vs);
  nameValuePair = name: value: { inherit name value; };
  mapAttrs' = f: set: listToAttrs (map (n: f n set.${n}) (attrNames set));
  mapAttrsToList = f: set: map (n: f n set.${n}) (attrNames set);
  filterAttrs = pred: set: listToAttrs (concatMap (n: optional (pred n set.${n}) (nameValuePair n set.${n})) (attrNames set));
  genAttrs = names: f: listToAttrs (map (n: nameValuePair n (f n)) names);
  concatMapStringsSep = sep: f: xs: concatStringsSep sep (map f xs);
  concatStrings = concatStringsSep "";
  stringToCharacters = s: builtins.genList (i: substring i 1 s) (stringLength s);
  isDerivation = x: isAttrs x && x.type or null == "derivation";
  setAttrByPath = path: value: foldl' (acc: n: { ${n} = acc; }) value (reverseList path);
  attrByPath = path: default: set:
    if path == [ ] then set
    else if isAttrs set && set ? ${head path} then attrByPath (tail path) default set.${head path}
    else default;
  hasAttrByPath = path: set: attrByPath path null set != null;
  getAttrFromPath = path: set:
    attrByPath path (throw "cannot find attribute `${concatStringsSep "." path}'") set;
  recursiveUpdate = lhs: rhs:
    zipAttrsWith (n: vs:
      if length vs == 2 && isAttrs (head vs) && isAttrs (last vs) && !isDerivation (last vs)
      then recursiveUpdate (last vs) (head vs) # zip order is [rhs lhs]
      else head vs) [ rhs lhs ];
  mapAttrsRecursiveCond = cond: f: set:
    let recurse = path: mapAttrs (n: v:
      if isAttrs v && cond v then recurse (path ++ [ n ]) v else f (path ++ [ n ]) v);
    in recurse [ ] set;

  # Edit distance, only used to suggest an option name in an error message.
  levenshtein = a: b:
    let
      bs = stringToCharacters b;
      row0 = range 0 (length bs);
      nextRow = prev: i: ca:
        foldl' (row: j:
          row ++ [ (min (min (elemAt prev j + 1) (last row + 1))
                        (elemAt prev (j - 1) + (if ca == elemAt bs (j - 1) then 0 else 1))) ])
          [ i ] (range 1 (length bs));
      rows = foldl' (prev: p: nextRow prev p.i p.c) row0
        (imap1 (i: c: { inherit i c; }) (stringToCharacters a));
    in last rows;

  # ---------------------------------------------------------------- printing
  # `services.openssh.enable`, `fileSystems."/".device` (lib.showOption).
  showOption = loc: concatStringsSep "."
    (map (c: if match "[a-zA-Z_][a-zA-Z0-9_'-]*|<.+>|[*]" c != null then c else toJSON c) loc);
  showFiles = files: concatStringsSep " and " (map (f: "`${toString f}'") files);
  # A one-line rendering of a value for error messages (lib.generators.toPretty, shortened).
  pretty = v:
    if isString v then toJSON v
    else if isBool v then (if v then "true" else "false")
    else if v == null then "null"
    else if isInt v || isFloat v then toString v
    else if isList v then "[ " + concatStrings (map (x: pretty x + " ") v) + "]"
    else if isFunction v then "<function>"
    else if isDerivation v then "<derivation ${v.name}>"
    else if isAttrs v then "{ " + concatStrings (mapAttrsToList (n: x: "${n} = ${pretty x}; ") v) + "}"
    else "<${typeOf v}>";
  showDefs = defs: concatStrings (map (def:
    let r = builtins.tryEval (pretty def.value);
    in "\n- In `${def.file}'" + optionalString r.success ": ${r.value}") defs);

  # ---------------------------------------------------------------- properties
  # The wrappers are plain sets tagged with _type, exactly like nixpkgs',
  # because nixsec sees them raw inside submodule definitions (§4b.2).
  mkIf = condition: content: { _type = "if"; inherit condition content; };
  mkMerge = contents: { _type = "merge"; inherit contents; };
  mkOverride = priority: content: { _type = "override"; inherit priority content; };
  mkOptionDefault = mkOverride 1500;
  mkDefault = mkOverride 1000;
  mkForce = mkOverride 50;
  mkVMOverride = mkOverride 10;
  mkOrder = priority: content: { _type = "order"; inherit priority content; };
  mkBefore = mkOrder 500;
  mkAfter = mkOrder 1500;
  defaultPriority = 100;
  defaultOrderPriority = 1000;

  # A module's config `mkMerge [ a (mkIf c b) ]` becomes the list
  # [ a { x = mkIf c b.x; ... } ]: conditions are pushed into the attributes
  # and only evaluated at the option itself, so that they may read config.
  pushDown = cfg:
    let mapIfAttrs = f: v: if isAttrs v then mapAttrs f v else v;
    in if cfg._type or "" == "merge" then concatMap pushDown cfg.contents
    else if cfg._type or "" == "if" then map (mapIfAttrs (_: v: mkIf cfg.condition v)) (pushDown cfg.content)
    else if cfg._type or "" == "override" then map (mapIfAttrs (_: v: mkOverride cfg.priority v)) (pushDown cfg.content)
    else [ cfg ];

  # At the option: expand mkMerge, evaluate mkIf (false drops the definition).
  discharge = v:
    if v._type or "" == "merge" then concatMap discharge v.contents
    else if v._type or "" == "if" then
      (if !isBool v.condition then throw "‘mkIf’ called with a non-Boolean condition"
       else if v.condition then discharge v.content else [ ])
    else [ v ];

  # Keep only the definitions of the winning (numerically lowest) priority.
  filterOverrides = defs:
    let
      prio = d: if d.value._type or "" == "override" then d.value.priority else defaultPriority;
      highestPrio = foldl' (p: d: min (prio d) p) 9999 defs;
    in {
      inherit highestPrio;
      values = concatMap (d: optional (prio d == highestPrio)
        (if d.value._type or "" == "override" then d // { value = d.value.content; } else d)) defs;
    };

  # mkOrder: sort, and keep the order priority on the definition (`priority = 500`).
  sortByOrder = defs: sort (a: b: a.priority or defaultOrderPriority < b.priority or defaultOrderPriority)
    (map (d: if d.value._type or "" == "order" then d // { value = d.value.content; inherit (d.value) priority; } else d) defs);

  # Merge the definitions ({ file; value; }) of one option into its value.
  mergeDefinitions = loc: type: defs:
    let
      normalized = concatMap (d: map (value: { inherit (d) file; inherit value; }) (discharge d.value)) defs;
      filtered = filterOverrides normalized;
      sorted = if any (d: d.value._type or "" == "order") filtered.values
        then sortByOrder filtered.values else filtered.values;
      # As in nixpkgs: one definition without any wrapper is taken as is.
      single = length defs == 1 && !(isAttrs (head defs).value && (head defs).value ? _type);
      final = if single then { values = defs; highestPrio = defaultPriority; }
        else { values = sorted; inherit (filtered) highestPrio; };
      isDefined = final.values != [ ];
      invalid = filter (d: !type.check d.value) final.values;
      mergedValue =
        if isDefined then
          (if invalid == [ ] then type.merge loc final.values
           else throw "A definition for option `${showOption loc}' is not of type `${type.description}'. Definition values:${showDefs invalid}")
        else if type.emptyValue ? value then type.emptyValue.value
        else throw "The option `${showOption loc}' is used but not defined.";
    in {
      inherit (final) values highestPrio;
      inherit isDefined mergedValue;
      optionalValue = optionalAttrs isDefined { value = mergedValue; };
    };

  # ---------------------------------------------------------------- options
  mkOption = attrs: attrs // { _type = "option"; };
  mkEnableOption = name: mkOption {
    type = types.bool; default = false; example = true;
    description = "Whether to enable ${name}.";
  };
  mkPackageOption = pkgs: name: extra: mkOption ({
    type = types.package; default = pkgs.${name};
    description = "The ${name} package to use.";
  } // removeAttrs extra [ "default" ]);
  literalExpression = text: { _type = "literalExpression"; inherit text; };
  isOption = x: isAttrs x && x._type or "" == "option";

  # The value of an option and the facts nixsec reads about it.
  evalOption = loc: opt: defs:
    let
      # The default is a definition at priority 1500, attributed to the
      # declaring module: so an option left alone still has one definition.
      withDefault = optional (opt ? default) { file = head opt.declarations; value = mkOptionDefault opt.default; } ++ defs;
      type = opt.type or types.unspecified;
      res = mergeDefinitions loc type withDefault;
    in opt // {
      inherit loc type;
      value = if opt ? apply then opt.apply res.mergedValue else res.mergedValue;
      inherit (res) highestPrio isDefined;
      definitions = map (d: d.value) res.values;
      files = map (d: d.file) res.values;
      definitionsWithLocations = res.values;
      __toString = _: showOption loc;
    };

  mergeDeclarations = loc: decls:
    if length decls > 1 && any (d: d.options ? default || d.options ? apply) (tail decls) then
      throw "The option `${showOption loc}' in `${(elemAt decls 1)._file}' is already declared in ${showFiles [ (head decls)._file ]}."
    else foldl' (res: d: d.options // res // { declarations = res.declarations ++ [ d._file ]; })
      { declarations = [ ]; } decls;

  # One level of the option tree. `decls` are option subtrees
  # ({ _file; options; }), `defs` config subtrees ({ file; config; }) with
  # their top-level wrappers pushed down. Returns the options below this
  # level and the definitions that matched no option.
  mergeLevel = loc: decls: defs:
    let
      checked = map (d: if isAttrs d.config then d else throw
        "In module `${d.file}', you're trying to define a value of type `${typeOf d.config}'\nrather than an attribute set for the option\n`${showOption loc}'!") defs;
      declsByName = zipAttrs (map (d: mapAttrs (_: o: { inherit (d) _file; options = o; }) d.options) decls);
      rawDefsByName = zipAttrs (map (d: mapAttrs (_: value: { inherit (d) file; inherit value; }) d.config) checked);
      pushedByName = zipAttrsWith (_: concatLists)
        (map (d: mapAttrs (_: v: map (c: { inherit (d) file; config = c; }) (pushDown v)) d.config) checked);
      results = mapAttrs (name: ds:
        let here = loc ++ [ name ]; in
        if all (d: isOption d.options) ds then
          { options = evalOption here (mergeDeclarations here ds) (rawDefsByName.${name} or [ ]); unmatched = [ ]; }
        else if any (d: isOption d.options) ds then
          throw "The option `${showOption here}' in module `${(head (filter (d: isOption d.options) ds))._file}' would be a parent of other options, but its type does not support nested options."
        else mergeLevel here ds (pushedByName.${name} or [ ])) declsByName;
      prefixed = name: map (d: d // { prefix = [ name ] ++ d.prefix or [ ]; });
    in {
      options = mapAttrs (_: r: r.options) results;
      unmatched = concatLists (mapAttrsToList (n: r: prefixed n r.unmatched) results)
        ++ concatLists (mapAttrsToList prefixed (removeAttrs rawDefsByName (attrNames declsByName)));
    };

  # ---------------------------------------------------------------- modules
  # Bring every module to { _file; key; imports; options; config; freeformType; }.
  # A module without `_file` keeps the file it was found in: a path module
  # its path, an inline module inside a file that file, a top-level inline
  # module "<unknown-file>" (nixpkgs' unknownModule).
  unify = file: key: m:
    let
      meta = [ "_class" "_file" "key" "disabledModules" "imports" "freeformType" "meta" ];
      bad = removeAttrs m (meta ++ [ "options" "config" ]);
      base = {
        _file = toString (m._file or file);
        key = toString (m.key or key);
        imports = m.imports or [ ];
        freeformType = m.freeformType or null;
      };
    in if !isAttrs m then throw "module ${file} (${key}) does not look like a module."
    else if m ? config || m ? options then
      (if bad != { } then throw "Module `${key}' has an unsupported attribute `${head (attrNames bad)}'. This is caused by introducing a top-level `config' or `options' attribute. Add configuration attributes immediately on the top level instead, or move all of them (namely: ${toString (attrNames bad)}) into the explicit `config' attribute."
       else base // { options = m.options or { }; config = m.config or { }; })
    else base // { options = { }; config = removeAttrs m (meta ++ [ "require" ]); };

  loadModule = args: file: key: m:
    if isFunction m then unify file key (m args)
    else if isAttrs m && (m._type or "module" == "module") then unify file key m
    else if isAttrs m && (m._type == "if" || m._type == "override") then unify file key { config = m; }
    else if isPath m || isString m then
      (let f = import m; in unify (toString m) (toString m) (if isFunction f then f args else f))
    else throw "Expected a module, but found a value of type `${typeOf m}'.";

  # All modules reachable through imports, each once (by key). nixpkgs
  # collects them breadth first and merges them in reverse: that order is
  # the order of definitions in definitionsWithLocations.
  collectModules = args: modules:
    let
      tree = file: key: ms: imap1 (n: m:
        let mod = loadModule args file "${key}:anon-${toString n}" m;
        in { inherit (mod) key; module = mod; children = tree mod._file mod.key mod.imports; }) ms;
    in reverseList (map (x: x.module) (genericClosure {
      startSet = tree "<unknown-file>" "" modules;
      operator = x: x.children;
    }));

  evalModules = { modules, prefix ? [ ], args ? { } }:
    let
      modArgs = args // { inherit lib config options; };
      collected = collectModules modArgs modules;
      merged = mergeLevel prefix
        (map (m: { inherit (m) _file options; }) collected)
        (concatMap (m: map (c: { file = m._file; config = c; }) (pushDown m.config)) collected);
      options = merged.options;
      freeformType = foldl' (acc: m: if m.freeformType != null then m.freeformType else acc) null collected;
      declaredConfig = mapAttrsRecursiveCond (v: !isOption v) (_: opt: opt.value) options;
      config =
        if freeformType == null || merged.unmatched == [ ] then declaredConfig
        else recursiveUpdate
          (freeformType.merge prefix (map (d: { inherit (d) file; value = setAttrByPath d.prefix d.value; }) merged.unmatched))
          declaredConfig;
      # Like nixpkgs: a definition without an option makes every read fail.
      checkUnmatched =
        if freeformType != null || merged.unmatched == [ ] then null
        else
          let
            first = head merged.unmatched;
            parent = init first.prefix;
            siblings = attrNames (attrByPath parent { } options);
            best = take 3 (sortOn (levenshtein (last first.prefix)) siblings);
            show = s: "`${showOption (prefix ++ parent ++ [ s ])}'";
            suggestion =
              if best == [ ] then ""
              else if length best == 1 then "\n\nDid you mean ${show (head best)}?"
              else "\n\nDid you mean ${concatStringsSep ", " (map show (init best))} or ${show (last best)}?";
          in throw "The option `${showOption (prefix ++ first.prefix)}' does not exist. Definition values:${showDefs [ first ]}${suggestion}";
    in {
      _type = "configuration";
      options = seq checkUnmatched options;
      config = seq checkUnmatched config;
    };

  # mkRenamedOptionModule: the old path becomes a hidden option whose value
  # is the new one (with a trace); its definitions are forwarded, with their
  # priority, to the new path, attributed to the module declaring the rename.
  # mkAliasOptionModule is the same without the warning.
  mkRenamedOptionModule = doRename true;
  doRename = warn: from: to: { config, options, ... }:
    let fromOpt = getAttrFromPath from options;
    in {
      options = setAttrByPath from (mkOption {
        visible = false;
        # lib/modules.nix (doRename) writes exactly this; `nixsec why` reads
        # the target from it.
        description = "Alias of {option}`${showOption to}`.";
        # nixpkgs takes the target's type when the target is an option of
        # this tree; a sub-option of a submodule is not, so: submodule {}.
        type = (attrByPath to { } options).type or (types.submodule { });
        apply = _: (if warn then trace "Obsolete option `${showOption from}' is used. It was renamed to `${showOption to}'." else (v: v))
          (getAttrFromPath to config);
      });
      config = mkIf fromOpt.isDefined
        (setAttrByPath to (mkMerge (map (mkOverride fromOpt.highestPrio) fromOpt.definitions)));
    };

  mkRemovedOptionModule = optionName: instructions: { ... }: {
    options = setAttrByPath optionName (mkOption {
      visible = false;
      apply = _: throw "The option `${showOption optionName}' can no longer be used since it's been removed. ${instructions}";
    });
  };

  # ---------------------------------------------------------------- types
  mkOptionType = { name, description ? name, check ? (_: true), merge ? mergeDefault, emptyValue ? { }, nestedTypes ? { }, getSubOptions ? (_: { }) }:
    { _type = "option-type"; inherit name description check merge emptyValue nestedTypes getSubOptions; };

  mergeEqual = loc: defs: (foldl' (first: def:
    if def.value != first.value then
      throw "The option `${showOption loc}' has conflicting definition values:${showDefs [ first def ]}\nUse `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions."
    else first) (head defs) (tail defs)).value;
  mergeOne = loc: defs:
    if length defs == 1 then (head defs).value
    else throw "The unique option `${showOption loc}' is defined multiple times. Definition values:${showDefs defs}";
  mergeDefault = loc: defs:
    let vs = map (d: d.value) defs; in
    if length vs == 1 then head vs
    else if all isList vs then concatLists vs
    else if all isAttrs vs then foldl' (a: b: a // b) { } vs
    else if all isString vs then concatStrings vs
    else mergeEqual loc defs;

  # listOf/attrsOf merge each element as a definition of its own, so that
  # elements may themselves be submodules or hold mkIf/mkDefault.
  mergeElems = loc: elemType: defs: map (r: r.value) (filter (r: r ? value) (concatLists (imap1 (n: def:
    imap1 (m: v: (mergeDefinitions (loc ++ [ "[definition ${toString n}-entry ${toString m}]" ])
      elemType [ { inherit (def) file; value = v; } ]).optionalValue) def.value) defs)));
  mergeAttrs = loc: elemType: defs: mapAttrs (_: r: r.value) (filterAttrs (_: r: r ? value)
    (zipAttrsWith (name: ds: (mergeDefinitions (loc ++ [ name ]) elemType ds).optionalValue)
      (map (def: mapAttrs (_: value: { inherit (def) file; inherit value; }) def.value) defs)));

  types = rec {
    unspecified = mkOptionType { name = "unspecified"; };
    raw = mkOptionType { name = "raw"; merge = mergeOne; };
    bool = mkOptionType { name = "bool"; description = "boolean"; check = isBool; merge = mergeEqual; };
    int = mkOptionType { name = "int"; description = "signed integer"; check = isInt; merge = mergeEqual; };
    ints = {
      between = lo: hi: int // {
        name = "intBetween";
        description = "integer between ${toString lo} and ${toString hi} (both inclusive)";
        check = x: isInt x && x >= lo && x <= hi;
      };
      unsigned = int // { name = "unsignedInt"; description = "unsigned integer, meaning >=0"; check = x: isInt x && x >= 0; };
      positive = int // { name = "positiveInt"; description = "positive integer, meaning >0"; check = x: isInt x && x > 0; };
      u16 = int // { name = "unsignedInt16"; description = "16 bit unsigned integer; between 0 and 65535 (both inclusive)"; check = x: isInt x && x >= 0 && x <= 65535; };
      u32 = int // { name = "unsignedInt32"; description = "32 bit unsigned integer; between 0 and 4294967295 (both inclusive)"; check = x: isInt x && x >= 0 && x <= 4294967295; };
    };
    port = ints.u16;
    float = mkOptionType { name = "float"; description = "floating point number"; check = isFloat; merge = mergeEqual; };
    str = mkOptionType { name = "str"; description = "string"; check = isString; merge = mergeEqual; };
    nonEmptyStr = str // { name = "nonEmptyStr"; description = "non-empty string"; check = x: isString x && match "[ \t\n]*" x == null; };
    strMatching = pattern: str // { name = "strMatching ${toJSON pattern}"; description = "string matching the pattern ${pattern}"; check = x: isString x && match pattern x != null; };
    singleLineStr = str // { name = "singleLineStr"; description = "(optionally newline-terminated) single-line string"; };
    passwdEntry = t: t // { name = "passwdEntry ${t.name}"; description = "${t.description}, not containing newlines or colons"; check = x: t.check x && match ".*[:\n].*" x == null; };
    separatedString = sep: mkOptionType {
      name = "separatedString"; description = "strings concatenated with ${toJSON sep}";
      check = isString; merge = _: defs: concatStringsSep sep (map (d: d.value) defs);
    };
    lines = separatedString "\n";
    commas = separatedString ",";
    envVar = separatedString ":";
    path = mkOptionType { name = "path"; check = x: isPath x || (isString x && substring 0 1 x == "/") || isDerivation x; merge = mergeEqual; };
    package = mkOptionType { name = "package"; check = x: isDerivation x || isPath x || isString x; merge = mergeOne; };
    shellPackage = package // { name = "shellPackage"; description = "shell package"; };
    attrs = mkOptionType { name = "attrs"; description = "attribute set"; check = isAttrs; merge = _: defs: foldl' (a: d: a // d.value) { } defs; emptyValue = { value = { }; }; };
    anything = mkOptionType {
      name = "anything";
      merge = loc: defs:
        let vs = map (d: d.value) defs; in
        if all (v: isAttrs v && !isDerivation v) vs then (attrsOf anything).merge loc defs
        else if all isList vs then concatLists vs
        else mergeEqual loc defs;
    };
    enum = values: mkOptionType {
      name = "enum"; description = "one of ${concatMapStringsSep ", " pretty values}";
      check = x: elem x values; merge = mergeEqual;
    };
    listOf = elemType: mkOptionType {
      name = "listOf"; description = "list of ${elemType.description}";
      check = isList; merge = loc: defs: mergeElems loc elemType defs;
      emptyValue = { value = [ ]; }; nestedTypes = { inherit elemType; };
      getSubOptions = prefix: elemType.getSubOptions (prefix ++ [ "*" ]);
    };
    attrsOf = elemType: mkOptionType {
      name = "attrsOf"; description = "attribute set of ${elemType.description}";
      check = isAttrs; merge = loc: defs: mergeAttrs loc elemType defs;
      emptyValue = { value = { }; }; nestedTypes = { inherit elemType; };
      getSubOptions = prefix: elemType.getSubOptions (prefix ++ [ "<name>" ]);
    };
    lazyAttrsOf = attrsOf;
    nullOr = elemType: mkOptionType {
      name = "nullOr"; description = "null or ${elemType.description}";
      check = x: x == null || elemType.check x;
      merge = loc: defs:
        let nulls = filter (d: d.value == null) defs; in
        if nulls == defs then null
        else if nulls == [ ] then elemType.merge loc defs
        else throw "The option `${showOption loc}' is defined both null and not null, in ${showFiles (map (d: d.file) defs)}.";
      emptyValue = { value = null; }; nestedTypes = { inherit elemType; };
    };
    either = a: b: mkOptionType {
      name = "either"; description = "${a.description} or ${b.description}";
      check = x: a.check x || b.check x;
      merge = loc: defs:
        if all (d: a.check d.value) defs then a.merge loc defs
        else if all (d: b.check d.value) defs then b.merge loc defs
        else mergeOne loc defs;
    };
    oneOf = ts: foldl' either (head ts) (tail ts);
    functionTo = t: mkOptionType { name = "functionTo"; description = "function that evaluates to a(n) ${t.description}"; check = isFunction; merge = mergeOne; };
    # A submodule is a nested evaluation; each definition becomes a module
    # attributed to its file. Its options stay out of the parent's tree.
    submoduleWith = { modules, shorthandOnlyDefinesConfig ? false, specialArgs ? { } }: mkOptionType {
      name = "submodule"; description = "submodule";
      check = x: isAttrs x || isFunction x || isPath x;
      merge = loc: defs: (evalModules {
        prefix = loc;
        args = specialArgs // { name = last loc; };
        modules = modules ++ map (d:
          if shorthandOnlyDefinesConfig && isAttrs d.value then { _file = d.file; config = d.value; }
          else { _file = d.file; imports = [ d.value ]; }) defs;
      }).config;
      emptyValue = { value = { }; };
      getSubOptions = prefix: (evalModules { inherit modules prefix; args = specialArgs // { name = "<name>"; }; }).options;
    };
    submodule = modules: submoduleWith { shorthandOnlyDefinesConfig = true; modules = toList modules; };
  };

  lib = {
    inherit
      optional optionals optionalString optionalAttrs last init reverseList imap1 toList
      flatten unique take range sortOn zipAttrs nameValuePair mapAttrs' mapAttrsToList
      filterAttrs genAttrs concatMapStringsSep concatStrings stringToCharacters
      isDerivation setAttrByPath attrByPath hasAttrByPath getAttrFromPath recursiveUpdate
      mapAttrsRecursiveCond levenshtein showOption showFiles showDefs
      mkIf mkMerge mkOverride mkOptionDefault mkDefault mkForce mkVMOverride mkOrder mkBefore
      mkAfter mkOption mkEnableOption mkPackageOption literalExpression isOption
      mkRenamedOptionModule mkRemovedOptionModule mkOptionType evalModules types
      mergeEqual mergeOne;
    inherit (builtins)
      all any attrNames attrValues concatLists concatMap concatStringsSep elem elemAt filter
      foldl' hasAttr head isAttrs isBool isFunction isInt isList isString length listToAttrs
      mapAttrs removeAttrs replaceStrings splitVersion stringLength substring tail toJSON
      fromJSON toString trace typeOf;
    mkAliasOptionModule = doRename false;
    mkDefinition = args: args // { _type = "definition"; };
    # GVariant integers for dconf settings (lib/gvariant.nix): tagged sets
    # that print as "@<type> <value>" (plain strings and booleans need none).
    gvariant =
      let mkPrimitive = type: value: { _type = "gvariant"; inherit type value; __toString = self: "@${self.type} ${toString self.value}"; };
      in {
        mkInt32 = mkPrimitive "i";
        mkUint32 = mkPrimitive "u";
        mkInt64 = mkPrimitive "x";
        mkUint64 = mkPrimitive "t";
      };
    mapAttrsRecursive = f: mapAttrsRecursiveCond (_: true) f;
    hasPrefix = p: s: substring 0 (stringLength p) s == p;
    hasSuffix = s: str: let l = stringLength str; n = stringLength s; in l >= n && substring (l - n) n str == s;
    escapeShellArg = s: "'${builtins.replaceStrings [ "'" ] [ "'\\''" ] (toString s)}'";
    versionAtLeast = a: b: builtins.compareVersions a b >= 0;
    warn = msg: trace "evaluation warning: ${msg}";
    warnIf = cond: msg: if cond then trace "evaluation warning: ${msg}" else (x: x);
    id = x: x;
    const = x: _: x;
    pipe = foldl' (x: f: f x);
    modules = { inherit evalModules mergeDefinitions; };
    options = { inherit mkOption mkEnableOption showOption isOption; };
    strings = { inherit concatStringsSep concatMapStringsSep optionalString; };
    attrsets = { inherit setAttrByPath attrByPath getAttrFromPath recursiveUpdate; };
    lists = { inherit optional optionals unique flatten last init; };
  };
in
lib
