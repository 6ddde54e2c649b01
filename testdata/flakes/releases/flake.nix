# The same host modules on each NixOS release the imitation models
# (`releases` in examples/lib/nixos-system.nix). cmd/nixsec/releases_test.go
# checks that each rule reads the option names of every release: the host
# `dns-2505` is hosts/dns.nix on NixOS 25.05, and so on.
{
  outputs = { self }:
    let
      nixos = import ../../../examples/lib/nixos-system.nix;
      hosts = [ "hardened" "passwords" "dns" "sshd-alias" "gnome" "tftpd" "auditd" "rsyncd" "pam-text" "pam-etc" "pam-rootok" ];
      onRelease = release: map (h: {
        name = "${h}-${builtins.replaceStrings [ "." ] [ "" ] release}";
        value = nixos.releases.${release}.nixosSystem { modules = [ ./hosts/${h}.nix ]; };
      }) hosts;
    in {
      nixosConfigurations = builtins.listToAttrs (builtins.concatMap onRelease [ "25.05" "25.11" "26.05" ]) // {
        lookalike-2505 = nixos.releases."25.05".nixosSystem { modules = [ ./hosts/lookalike.nix ]; };
      };
    };
}
