# nixsec's loader for an untrusted flake (untrusted.go).
#
# It does what nix's own flake loading does for a flake whose flake.lock
# is complete, without nix's flake machinery: nix locks missing inputs on
# the fly (reading local paths into the store) and its fetchTree and
# getFlake builtins read local paths even under restrict-eval. nixsec
# evaluates with the flakes feature off and restrict-eval on, so the only
# files this expression and the flake's code may read are the flake's own
# source (a store copy of its tracked files, given with -I) and the inputs
# fetched here: each one exactly as flake.lock pins it, by URL and NAR
# hash, after untrusted.go checked that every one is remote.
#
# The flake value has the shape nix gives it: the outputs, the source's
# metadata (outPath, narHash, lastModified, rev, ...), inputs, outputs,
# sourceInfo and _type = "flake"; a non-flake input is its source alone.
{
  # The lock's nodes that the root reaches, follows resolved:
  # { <key> = { fetch = { type = "tarball"; url; narHash; }
  #                   | { type = "git"; url; rev; ref?; submodules; narHash; }
  #                   | null (the root);
  #             info = { narHash; lastModified; rev; ... };
  #             dir = ""; flake = true; inputs = { <name> = <key>; }; }; }
  nodes,
  root,
  # The root's source: its store path (allowed with -I) and metadata.
  source,
  rootInfo,
}:
let
  fetch =
    f:
    if f.type == "tarball" then
      {
        outPath = builtins.fetchTarball {
          inherit (f) url;
          sha256 = f.narHash;
        };
      }
    else if f.type == "git" then
      let
        g = builtins.fetchGit (
          {
            inherit (f) url rev submodules;
            allRefs = true;
          }
          // (if f ? ref then { inherit (f) ref; } else { })
        );
      in
      # fetchGit takes no hash: the tree must be the one the lock pins.
      if g.narHash == f.narHash then
        { inherit (g) outPath; }
      else
        throw "nixsec: the git input ${f.url} at ${f.rev} is not the tree flake.lock pins (narHash differs)"
    else
      throw "nixsec: unknown input type ${f.type}";

  flakes = builtins.mapAttrs (
    key: node:
    let
      sourceInfo = (if key == root then { outPath = source; } else fetch node.fetch) // node.info;
      outPath = sourceInfo.outPath + (if node.dir == "" then "" else "/" + node.dir);
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
  ) (nodes // { ${root} = nodes.${root} // { info = rootInfo; }; });
in
flakes.${root}
