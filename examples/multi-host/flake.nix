# Four machines sharing ./hosts/common.nix; two have no SSH finding, two
# loosened the shared settings. A real flake would write
# nixpkgs.lib.nixosSystem (../README.md).
{
  description = "nixsec example: a small fleet";

  outputs = { self }:
    let
      nixos = import ../lib/nixos-system.nix;
      host = file: nixos.nixosSystem { modules = [ file ]; };
    in
    {
      nixosConfigurations = {
        web = host ./hosts/web.nix;          # no SSH finding
        db = host ./hosts/db.nix;            # no SSH finding
        laptop = host ./hosts/laptop.nix;    # findings: SSH001, SSH003, MAC001, MIN002, SVC001, USR001
        ci = host ./hosts/ci.nix;            # findings: SSH004, SEC001, NIX001
      };
    };
}
