# Stand-ins for the NixOS modules nixsec's rules read. Each declares its
# options with the real names, types and defaults of its nixpkgs module
# and, like the real module, defines other options (sshd opens its ports,
# users-groups defines root and nobody, ...). Each is attributed to the real
# module's file under a fixed fake nixpkgs store path, so a finding can tell
# nixpkgs' definitions from the user's.
#
# Adding an option is one line in the module that declares it:
#   fooBar = opt types.bool false;
{ lib, pkgs }:
let
  inherit (lib) mkOption mkEnableOption mkIf mkMerge mkDefault types optionals
    mkRenamedOptionModule mkRemovedOptionModule;
  inherit (types) bool int str lines port path package attrs anything enum
    listOf attrsOf nullOr either oneOf submodule;

  nixpkgs = "/nix/store/00000000000000000000000000000000-source/nixos/modules";

  # A nixpkgs module: its file is the real file name under the fake store path.
  module = file: f: args: f args // { _file = "${nixpkgs}/${file}"; key = "${nixpkgs}/${file}"; };

  # An option with a type and a default; `optNoDefault` for those without one.
  opt = type: default: mkOption { inherit type default; };
  optNoDefault = type: mkOption { inherit type; };

  # A freeform settings set: declared keys are options, any other key is
  # merged with `freeform` (RFC 42 `settings`).
  freeform = freeformType: options: submodule { inherit freeformType options; };
  keyValue = attrsOf (nullOr (oneOf [ bool int str (listOf str) ]));

  # systemd unit directives: a list anywhere makes the definitions concatenate.
  unitOption = lib.mkOptionType {
    name = "unitOption"; description = "systemd option";
    check = v: builtins.isBool v || builtins.isInt v || builtins.isString v || builtins.isPath v || builtins.isList v;
    merge = loc: defs:
      if builtins.any (d: builtins.isList d.value) defs
      then builtins.concatMap (d: lib.toList d.value) defs
      else lib.mergeEqual loc defs;
  };

  serviceOptions = {
    enable = opt bool true;
    description = opt str "";
    documentation = opt (listOf str) [ ];
    after = opt (listOf str) [ ];
    before = opt (listOf str) [ ];
    wants = opt (listOf str) [ ];
    requires = opt (listOf str) [ ];
    wantedBy = opt (listOf str) [ ];
    requiredBy = opt (listOf str) [ ];
    conflicts = opt (listOf str) [ ];
    partOf = opt (listOf str) [ ];
    aliases = opt (listOf str) [ ];
    serviceConfig = opt (attrsOf unitOption) { };
    unitConfig = opt (attrsOf unitOption) { };
    script = opt lines "";
    preStart = opt lines "";
    path = opt (listOf (either package str)) [ ];
    environment = opt (attrsOf (nullOr (oneOf [ str path package ]))) { };
    restartTriggers = opt (listOf anything) [ ];
    stopIfChanged = opt bool true;
    startAt = opt (either str (listOf str)) [ ];
  };

  portRange = attrsOf port;
  firewallPorts = {
    allowedTCPPorts = mkOption { type = listOf port; default = [ ]; apply = canonicalPorts; };
    allowedUDPPorts = mkOption { type = listOf port; default = [ ]; apply = canonicalPorts; };
    allowedTCPPortRanges = opt (listOf portRange) [ ];
    allowedUDPPortRanges = opt (listOf portRange) [ ];
  };
  # firewall.nix sorts and deduplicates port lists.
  canonicalPorts = ports: lib.unique (builtins.sort builtins.lessThan ports);

  fakeService = description: exec: {
    inherit description;
    wantedBy = [ "multi-user.target" ];
    serviceConfig.ExecStart = exec;
  };
in
[
  # Order matters only for the order of definitions: the module system
  # merges modules in reverse, so these come after the user's, as in NixOS.
  (module "config/users-groups.nix" ({ config, ... }:
    let
      cfg = config.users;
      userModule = { name, config, ... }: {
        options = {
          name = optNoDefault (types.passwdEntry str);
          isNormalUser = opt bool false;
          isSystemUser = opt bool false;
          uid = opt (nullOr int) null;
          group = opt str "";
          extraGroups = opt (listOf str) [ ];
          description = opt (types.passwdEntry str) "";
          home = opt (types.passwdEntry path) "/var/empty";
          createHome = opt bool false;
          useDefaultShell = opt bool false;
          shell = opt (nullOr (either types.shellPackage (types.passwdEntry path))) pkgs.shadow;
          password = opt (nullOr str) null;
          initialPassword = opt (nullOr str) null;
          hashedPassword = opt (nullOr (types.passwdEntry str)) null;
          initialHashedPassword = opt (nullOr (types.passwdEntry str)) null;
          hashedPasswordFile = opt (nullOr str) null;
          packages = opt (listOf package) [ ];
          linger = opt bool false;
          openssh.authorizedKeys.keys = opt (listOf types.singleLineStr) [ ];
          openssh.authorizedKeys.keyFiles = opt (listOf path) [ ];
          openssh.authorizedPrincipals = opt (listOf types.singleLineStr) [ ];
        };
        config = mkMerge [
          { name = mkDefault name; shell = mkIf config.useDefaultShell (mkDefault cfg.defaultUserShell); }
          (mkIf config.isNormalUser {
            group = mkDefault "users";
            createHome = mkDefault true;
            home = mkDefault "/home/${config.name}";
            useDefaultShell = mkDefault true;
            isSystemUser = mkDefault false;
          })
          # Immutable users: the initial password becomes the password (§4b.8).
          (mkIf (!cfg.mutableUsers && config.initialPassword != null) { password = mkDefault config.initialPassword; })
          (mkIf (!cfg.mutableUsers && config.initialHashedPassword != null) { hashedPassword = mkDefault config.initialHashedPassword; })
        ];
      };
      groupModule = { name, ... }: {
        options = { name = opt str name; gid = opt (nullOr int) null; members = opt (listOf str) [ ]; };
      };
    in {
      options.users = {
        mutableUsers = opt bool true;
        allowNoPasswordLogin = opt bool false;
        defaultUserShell = opt (either path types.shellPackage) pkgs.bashInteractive;
        users = opt (attrsOf (submodule userModule)) { };
        groups = opt (attrsOf (submodule groupModule)) { };
      };
      config = {
        users.users = {
          root = { uid = 0; description = "System administrator"; home = "/root"; shell = mkDefault cfg.defaultUserShell; group = "root"; };
          nobody = { uid = 65534; description = "Unprivileged account (don't use!)"; group = "nogroup"; isSystemUser = true; };
        };
        users.groups = { root.gid = 0; wheel.gid = 1; users.gid = 100; nogroup.gid = 65534; };
        systemd.services.linger-users = mkIf true {
          after = [ "systemd-logind.service" ];
          requires = [ "systemd-logind.service" ];
          wantedBy = [ "multi-user.target" ];
          serviceConfig = { Type = "oneshot"; StateDirectory = "systemd/linger"; WorkingDirectory = "/var/lib/systemd/linger"; };
          script = "# enable/disable lingering for users.users.*.linger";
        };
      };
    }))

  (module "services/networking/ssh/sshd.nix" ({ config, ... }:
    let
      cfg = config.services.openssh;
      sshOpt = [ "services" "openssh" ];
      renamed = old: new: mkRenamedOptionModule (sshOpt ++ [ old ]) (sshOpt ++ new);
      recommended = list: if cfg.enableRecommendedAlgorithms then list else null;
      principals = builtins.any (u: u.openssh.authorizedPrincipals != [ ]) (builtins.attrValues config.users.users);
    in {
      imports = [
        (renamed "challengeResponseAuthentication" [ "kbdInteractiveAuthentication" ])
        (renamed "kbdInteractiveAuthentication" [ "settings" "KbdInteractiveAuthentication" ])
        (renamed "passwordAuthentication" [ "settings" "PasswordAuthentication" ])
        (renamed "permitRootLogin" [ "settings" "PermitRootLogin" ])
        (renamed "useDns" [ "settings" "UseDns" ])
        (renamed "logLevel" [ "settings" "LogLevel" ])
        (renamed "forwardX11" [ "settings" "X11Forwarding" ])
        (renamed "ciphers" [ "settings" "Ciphers" ])
        (renamed "macs" [ "settings" "Macs" ])
        (renamed "kexAlgorithms" [ "settings" "KexAlgorithms" ])
        (renamed "gatewayPorts" [ "settings" "GatewayPorts" ])
        (mkRemovedOptionModule (sshOpt ++ [ "banner" ]) "Use services.openssh.settings.Banner instead.")
      ];
      options.services.openssh = {
        enable = mkEnableOption "the OpenSSH secure shell daemon";
        openFirewall = opt bool true;
        ports = opt (listOf port) [ 22 ];
        listenAddresses = opt (listOf (submodule {
          options = { addr = opt (nullOr str) null; port = opt (nullOr port) null; };
        })) [ ];
        hostKeys = opt (listOf attrs) [
          { type = "rsa"; bits = 4096; path = "/etc/ssh/ssh_host_rsa_key"; }
          { type = "ed25519"; path = "/etc/ssh/ssh_host_ed25519_key"; }
        ];
        extraConfig = opt lines "";
        authorizedKeysFiles = opt (listOf str) [ ];
        authorizedKeysInHomedir = opt bool true;
        enableRecommendedAlgorithms = opt bool true;
        startWhenNeeded = opt bool false;
        allowSFTP = opt bool true;
        package = opt package pkgs.openssh;
        settings = opt (freeform keyValue {
          PasswordAuthentication = opt (nullOr bool) true;
          KbdInteractiveAuthentication = opt (nullOr bool) true;
          PermitRootLogin = opt (nullOr (enum [ "yes" "without-password" "prohibit-password" "forced-commands-only" "no" ])) "prohibit-password";
          AllowUsers = opt (nullOr (listOf str)) null;
          AllowGroups = opt (nullOr (listOf str)) null;
          DenyUsers = opt (nullOr (listOf str)) null;
          DenyGroups = opt (nullOr (listOf str)) null;
          X11Forwarding = opt (nullOr bool) false;
          LogLevel = opt (nullOr (enum [ "QUIET" "FATAL" "ERROR" "INFO" "VERBOSE" "DEBUG" "DEBUG1" "DEBUG2" "DEBUG3" ])) "INFO";
          UseDns = opt (nullOr bool) false;
          UsePAM = opt (nullOr bool) true;
          GatewayPorts = opt (nullOr str) "no";
          StrictModes = opt (nullOr bool) true;
          PrintMotd = opt (nullOr bool) false;
          AuthorizedPrincipalsFile = opt (nullOr str) "none";
          AcceptEnv = opt (nullOr (listOf str)) null;
          Ciphers = opt (nullOr (listOf str)) (recommended [ "chacha20-poly1305@openssh.com" "aes256-gcm@openssh.com" "aes128-gcm@openssh.com" "aes256-ctr" "aes192-ctr" "aes128-ctr" ]);
          KexAlgorithms = opt (nullOr (listOf str)) (recommended [ "mlkem768x25519-sha256" "sntrup761x25519-sha512" "sntrup761x25519-sha512@openssh.com" "curve25519-sha256" "curve25519-sha256@libssh.org" "diffie-hellman-group-exchange-sha256" ]);
          Macs = opt (nullOr (listOf str)) (recommended [ "hmac-sha2-512-etm@openssh.com" "hmac-sha2-256-etm@openssh.com" "umac-128-etm@openssh.com" ]);
        }) { };
      };
      config = mkIf cfg.enable (mkMerge [
        {
          users.users.sshd = { isSystemUser = true; group = "sshd"; description = "SSH privilege separation user"; };
          users.groups.sshd = { };
          security.pam.services.sshd = { startSession = true; unixAuth = cfg.settings.PasswordAuthentication == true; };
          services.openssh.settings.AuthorizedPrincipalsFile = mkIf principals "/etc/ssh/authorized_principals.d/%u";
          # openFirewall (default true) opens the ports on every interface.
          networking.firewall.allowedTCPPorts = optionals cfg.openFirewall cfg.ports;
          systemd.services = {
            sshd = mkIf (!cfg.startWhenNeeded) (fakeService "SSH Daemon" "${cfg.package}/bin/sshd -D -f /etc/ssh/sshd_config" // {
              after = [ "network.target" "sshd-keygen.service" ];
              path = [ cfg.package ];
              stopIfChanged = false;
            });
            "sshd@" = {
              description = "SSH per-connection Daemon";
              path = [ cfg.package ];
              serviceConfig = { ExecStart = "-${cfg.package}/bin/sshd -i -D -f /etc/ssh/sshd_config"; StandardInput = "socket"; };
            };
          };
        }
        {
          systemd.services.sshd-keygen = {
            description = "SSH Host Keys Generation";
            wantedBy = [ "multi-user.target" ];
            path = [ cfg.package ];
            serviceConfig.Type = "oneshot";
          };
        }
      ]);
    }))

  (module "services/networking/dnscrypt-proxy.nix" ({ config, ... }:
    let cfg = config.services.dnscrypt-proxy; in {
      imports = [ (mkRenamedOptionModule [ "services" "dnscrypt-proxy2" ] [ "services" "dnscrypt-proxy" ]) ];
      options.services.dnscrypt-proxy = {
        enable = mkEnableOption "dnscrypt-proxy";
        package = opt package pkgs.dnscrypt-proxy;
        settings = opt (attrsOf anything) { };
        upstreamDefaults = opt bool true;
      };
      config = mkIf cfg.enable {
        networking.nameservers = mkDefault [ "127.0.0.1" ];
        systemd.services.dnscrypt-proxy = fakeService "DNSCrypt-proxy client" "${cfg.package}/bin/dnscrypt-proxy -config /etc/dnscrypt-proxy/dnscrypt-proxy.toml" // {
          before = [ "nss-lookup.target" ];
          wants = [ "network-online.target" "nss-lookup.target" ];
          aliases = [ "dnscrypt-proxy2.service" ];
        };
      };
    }))

  (module "security/auditd.nix" ({ config, ... }: {
    options.security.auditd = {
      enable = mkEnableOption "the Linux Audit daemon";
      settings = opt (freeform (attrsOf (nullOr (oneOf [ bool int str path ]))) { }) { };
    };
    config = mkIf config.security.auditd.enable {
      systemd.services.auditd = fakeService "Security Audit Logging Service" "${pkgs.audit}/bin/auditd -l -n -s nochange" // {
        wantedBy = [ "sysinit.target" ];
        before = [ "sysinit.target" "shutdown.target" ];
      };
    };
  }))

  (module "security/audit.nix" ({ ... }: {
    options.security.audit = {
      enable = opt (enum [ false true "lock" ]) false;
      rules = opt (listOf str) [ ];
      failureMode = opt (enum [ "silent" "printk" "panic" ]) "printk";
      backlogLimit = opt int 64;
      rateLimit = opt int 0;
    };
  }))

  (module "security/apparmor.nix" ({ ... }: {
    options.security.apparmor = {
      enable = mkEnableOption "the AppArmor Mandatory Access Control system";
      killUnconfinedConfinables = opt bool true;
      policies = opt (attrsOf (submodule {
        options = {
          state = opt (enum [ "disable" "complain" "enforce" ]) "enforce";
          profile = opt lines "";
          path = opt (nullOr path) null;
        };
      })) { };
    };
  }))

  (module "services/security/usbguard.nix" ({ ... }: {
    options.services.usbguard = {
      enable = mkEnableOption "USBGuard daemon";
      rules = opt (nullOr lines) null;
      implicitPolicyTarget = opt (enum [ "allow" "block" "reject" ]) "block";
      presentDevicePolicy = opt (enum [ "allow" "block" "reject" "keep" "apply-policy" ]) "apply-policy";
      presentControllerPolicy = opt (enum [ "allow" "block" "reject" "keep" "apply-policy" ]) "keep";
      insertedDevicePolicy = opt (enum [ "allow" "block" "reject" "apply-policy" ]) "apply-policy";
      IPCAllowedUsers = opt (listOf str) [ "root" ];
      IPCAllowedGroups = opt (listOf str) [ ];
    };
  }))

  (module "security/pam.nix" ({ config, ... }:
    let cfg = config.security.pam; in {
      options.security.pam = {
        services = opt (attrsOf (submodule {
          options = {
            unixAuth = opt bool true;
            startSession = opt bool false;
            googleAuthenticator.enable = opt bool false;
            u2fAuth = opt bool cfg.u2f.enable;
            p11Auth = opt bool cfg.p11.enable;
          };
        })) { };
        u2f.enable = opt bool false;
        p11.enable = opt bool false;
      };
      config.security.pam.services = { login = { startSession = true; }; su = { }; sudo = { }; };
    }))

  (module "security/misc.nix" ({ config, ... }: {
    options.security = {
      protectKernelImage = opt bool false;
      allowUserNamespaces = opt bool true;
      allowSimultaneousMultithreading = opt bool true;
    };
    config = mkIf config.security.protectKernelImage {
      boot.kernel.sysctl."kernel.kexec_load_disabled" = mkDefault true;
    };
  }))

  (module "security/lock-kernel-modules.nix" ({ ... }: {
    options.security.lockKernelModules = opt bool false;
  }))

  (module "config/sysctl.nix" ({ ... }: {
    options.boot.kernel.sysctl = opt (freeform (attrsOf (nullOr (oneOf [ bool str int ]))) { }) { };
    config.boot.kernel.sysctl = {
      "kernel.kptr_restrict" = mkDefault 1;
      "vm.max_map_count" = mkDefault 1048576;
    };
  }))

  (module "security/sudo.nix" ({ ... }: {
    options.security.sudo = {
      enable = opt bool true;
      wheelNeedsPassword = opt bool true;
      execWheelOnly = opt bool false;
      extraConfig = opt lines "";
    };
  }))

  (module "services/networking/firewall.nix" ({ config, ... }:
    let cfg = config.networking.firewall; in {
      options.networking.firewall = firewallPorts // {
        enable = opt bool true;
        interfaces = opt (attrsOf (submodule { options = firewallPorts; })) { };
        trustedInterfaces = opt (listOf str) [ ];
        allowPing = opt bool true;
        pingLimit = opt (nullOr str) null;
        logRefusedConnections = opt bool true;
        logRefusedPackets = opt bool false;
        logRefusedUnicastsOnly = opt bool true;
        rejectPackets = opt bool false;
        checkReversePath = opt (either bool (enum [ "strict" "loose" ])) true;
        logReversePathDrops = opt bool false;
        extraPackages = opt (listOf package) [ ];
      };
      config = mkIf cfg.enable {
        # The firewall always trusts the loopback interface.
        # (its systemd unit lives in firewall-iptables.nix, not imitated here)
        networking.firewall.trustedInterfaces = [ "lo" ];
      };
    }))

  (module "services/networking/nftables.nix" ({ ... }: {
    options.networking.nftables.enable = opt bool false;
  }))

  (module "tasks/network-interfaces.nix" ({ ... }: {
    options.networking = {
      hostName = opt str "nixos";
      domain = opt (nullOr str) null;
      nameservers = opt (listOf str) [ ];
      search = opt (listOf str) [ ];
      useDHCP = opt bool true;
      useNetworkd = opt bool false;
      enableIPv6 = opt bool true;
    };
  }))

  (module "services/networking/networkmanager.nix" ({ ... }: {
    options.networking.networkmanager = {
      enable = opt bool false;
      dns = opt (enum [ "default" "dnsmasq" "systemd-resolved" "none" ]) "default";
    };
  }))

  (module "services/networking/dhcpcd.nix" ({ ... }: {
    options.networking.dhcpcd = {
      enable = opt bool true;
      extraConfig = opt lines "";
    };
  }))

  (module "system/boot/resolved.nix" ({ config, ... }: {
    options.services.resolved.enable = opt bool false;
    config = mkIf config.services.resolved.enable {
      networking.networkmanager.dns = "systemd-resolved";
    };
  }))

  (module "services/networking/unbound.nix" ({ ... }: {
    options.services.unbound = {
      enable = mkEnableOption "Unbound domain name server";
      resolveLocalQueries = opt bool true;
      enableRootTrustAnchor = opt bool true;
      settings = opt (attrsOf anything) { };
    };
  }))

  (module "services/networking/stubby.nix" ({ ... }: {
    options.services.stubby = {
      enable = mkEnableOption "Stubby DNS resolver";
      settings = opt (attrsOf anything) { };
    };
  }))

  (module "services/security/tor.nix" ({ config, ... }:
    let cfg = config.services.tor; in {
      options.services.tor = {
        enable = mkEnableOption "Tor daemon";
        openFirewall = opt bool false;
        client.enable = opt bool false;
        client.dns.enable = opt bool false;
        relay.enable = opt bool false;
        settings = opt (freeform (attrsOf anything) { }) { };
      };
      config = mkIf cfg.enable {
        systemd.services.tor = fakeService "Tor Daemon" "${pkgs.tor}/bin/tor -f /etc/tor/torrc";
      };
    }))

  (module "services/security/torsocks.nix" ({ config, ... }: {
    options.services.tor.torsocks = {
      enable = opt bool (config.services.tor.enable && config.services.tor.client.enable);
      server = opt str "127.0.0.1:9050";
      fasterServer = opt str "127.0.0.1:9063";
      allowInbound = opt bool false;
    };
  }))

  (module "programs/firefox.nix" ({ ... }: {
    options.programs.firefox = {
      enable = mkEnableOption "the Firefox web browser";
      package = opt package pkgs.firefox;
      policies = opt (attrsOf anything) { };
      preferences = opt (attrsOf (oneOf [ bool int str ])) { };
      preferencesStatus = opt (enum [ "default" "locked" "user" "clear" ]) "locked";
    };
  }))

  (module "config/nix.nix" ({ ... }: {
    options.nix = {
      enable = opt bool true;
      settings = opt (freeform (attrsOf anything) {
        trusted-users = opt (listOf str) [ "root" ];
        allowed-users = opt (listOf str) [ "*" ];
        sandbox = opt (either bool (enum [ "relaxed" ])) true;
        require-sigs = opt bool true;
      }) { };
    };
  }))

  (module "services/misc/nix-gc.nix" ({ ... }: {
    options.nix.gc = { automatic = opt bool false; dates = opt str "03:15"; options = opt str ""; persistent = opt bool true; };
  }))

  (module "tasks/auto-upgrade.nix" ({ ... }: {
    options.system.autoUpgrade = {
      enable = opt bool false;
      flake = opt (nullOr str) null;
      operation = opt (enum [ "switch" "boot" ]) "switch";
      dates = opt str "04:40";
      allowReboot = opt bool false;
    };
  }))

  (module "system/boot/loader/systemd-boot/systemd-boot.nix" ({ ... }: {
    options.boot.loader.systemd-boot = {
      enable = opt bool false;
      editor = opt bool true;
      configurationLimit = opt (nullOr int) null;
    };
  }))

  (module "system/boot/luksroot.nix" ({ ... }: {
    options.boot.initrd.luks.devices = opt (attrsOf (submodule ({ name, ... }: {
      options = {
        name = opt str name;
        device = optNoDefault str;
        header = opt (nullOr str) null;
        keyFile = opt (nullOr str) null;
        allowDiscards = opt bool false;
        bypassWorkqueues = opt bool false;
        preLVM = opt bool true;
        fallbackToPassword = opt bool false;
        crypttabExtraOpts = opt (listOf str) [ ];
      };
    }))) { };
  }))

  (module "tasks/filesystems.nix" ({ ... }: {
    options.fileSystems = opt (attrsOf (submodule ({ name, ... }: {
      options = {
        mountPoint = opt str name;
        device = opt (nullOr str) null;
        label = opt (nullOr str) null;
        fsType = opt str "auto";
        options = opt (listOf str) [ "defaults" ];
        neededForBoot = opt bool false;
      };
    }))) { };
  }))

  (module "system/boot/systemd.nix" ({ ... }: {
    options.systemd.services = opt (attrsOf (submodule { options = serviceOptions; })) { };
  }))

  (module "services/printing/cupsd.nix" ({ ... }: {
    options.services.printing = {
      enable = opt bool false;
      openFirewall = opt bool false;
      browsing = opt bool false;
      defaultShared = opt bool false;
      webInterface = opt bool true;
      listenAddresses = opt (listOf str) [ "localhost:631" ];
    };
  }))

  (module "services/networking/avahi-daemon.nix" ({ config, ... }:
    let cfg = config.services.avahi; in {
      options.services.avahi = {
        enable = opt bool false;
        openFirewall = opt bool true;
        publish.enable = opt bool false;
        nssmdns4 = opt bool false;
      };
      config = mkIf cfg.enable {
        networking.firewall.allowedUDPPorts = mkIf cfg.openFirewall [ 5353 ];
        systemd.services.avahi-daemon = fakeService "Avahi mDNS/DNS-SD Stack" "${pkgs.avahi}/sbin/avahi-daemon";
      };
    }))

  (module "services/network-filesystems/samba.nix" ({ config, ... }:
    let cfg = config.services.samba; in {
      options.services.samba = {
        enable = mkEnableOption "Samba, the SMB/CIFS protocol";
        openFirewall = opt bool false;
        settings = opt (freeform (attrsOf (attrsOf (nullOr (oneOf [ bool int str (listOf str) ])))) { }) { };
      };
      config = mkIf cfg.enable {
        networking.firewall.allowedTCPPorts = mkIf cfg.openFirewall [ 139 445 ];
        networking.firewall.allowedUDPPorts = mkIf cfg.openFirewall [ 137 138 ];
        systemd.services.samba-smbd = fakeService "Samba SMB Daemon" "${pkgs.samba}/sbin/smbd --foreground --no-process-group";
      };
    }))

  (module "services/networking/vsftpd.nix" ({ config, ... }: {
    options.services.vsftpd = {
      enable = mkEnableOption "vsftpd";
      anonymousUser = opt bool false;
      anonymousUserHome = opt path "/home/ftp/";
      localUsers = opt bool false;
      writeEnable = opt bool false;
    };
    config = mkIf config.services.vsftpd.enable {
      systemd.services.vsftpd = fakeService "Vsftpd Server" "${pkgs.vsftpd}/sbin/vsftpd /etc/vsftpd.conf";
    };
  }))

  (module "virtualisation/docker.nix" ({ config, ... }: {
    options.virtualisation.docker = {
      enable = opt bool false;
      listenOptions = opt (listOf str) [ "/run/docker.sock" ];
      daemon.settings = opt (freeform (attrsOf anything) { }) { };
    };
  }))

  (module "services/networking/wpa_supplicant.nix" ({ ... }: {
    options.networking.wireless = {
      enable = mkEnableOption "wpa_supplicant";
      secretsFile = opt (nullOr path) null;
      networks = opt (attrsOf (submodule {
        options = {
          psk = opt (nullOr str) null;
          pskRaw = opt (nullOr str) null;
          hidden = opt bool false;
          priority = opt (nullOr int) null;
        };
      })) { };
    };
  }))

  (module "config/system-path.nix" ({ ... }: {
    options.environment = {
      systemPackages = opt (listOf package) [ ];
      defaultPackages = opt (listOf package) [ pkgs.perl pkgs.rsync pkgs.strace ];
    };
  }))

  (module "services/x11/xserver.nix" ({ ... }: {
    options.services.xserver.enable = opt bool false;
  }))

  (module "misc/version.nix" ({ ... }: {
    options.system.stateVersion = opt str "26.05";
  }))

  # No built-in rule reads it: examples/policies/org002.rego does.
  (module "config/locale.nix" ({ ... }: {
    options.time.timeZone = opt (nullOr str) null;
  }))
]
