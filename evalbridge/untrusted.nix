# nixsec's loader for an untrusted flake (untrusted.go).
#
# It does what nix's own flake loading does for a flake whose flake.lock
# is complete, without nix's flake machinery: nix locks missing inputs on
# the fly (reading local paths into the store) and its fetchTree and
# getFlake builtins read local paths even under restrict-eval. nixsec
# evaluates with the flakes feature off, restrict-eval on and no URI
# allowed, so the only files this expression and the flake's code may read
# are the flake's own source (a store copy of its tracked files) and its
# inputs, each fetched beforehand exactly as flake.lock pins it (by URL and
# NAR hash, after untrusted.go checked that every one is remote), all
# given with -I.
#
# The flake value has the shape nix gives it: the outputs, the source's
# metadata (outPath, narHash, lastModified, rev, ...), inputs, outputs,
# sourceInfo and _type = "flake"; a non-flake input is its source alone.
{
  # The lock's nodes that the root reaches, follows resolved, each with the
  # store path of its source (the root's copy, or the input untrusted.go
  # fetched and checked): { <key> = { source; info = { narHash;
  # lastModified; rev; ... }; dir; flake; inputs = { <name> = <key>; }; }; }
  nodes,
  root,
}:
let
  flakes = builtins.mapAttrs (
    key: node:
    let
      sourceInfo = { outPath = node.source; } // node.info;
      outPath = node.source + (if node.dir == "" then "" else "/" + node.dir);
      flake = import (outPath + "/flake.nix");
      inputs = builtins.mapAttrs (_: k: flakes.${k}) node.inputs;
      outputs = flake.outputs (inputs // { self = result; });
      result =
        outputs
        // sourceInfo
        // {
          inherit
            outPath
            inputs
            outputs
            sourceInfo
            ;
          _type = "flake";
        };
    in
    if node.flake then result else sourceInfo
  ) nodes;
in
flakes.${root}
