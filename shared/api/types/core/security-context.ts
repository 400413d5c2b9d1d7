/** core/v1 security settings of containers and pods. */
import * as z from 'zod';
import { Int64 } from '../meta';

export const Capabilities = z
  .strictObject({
    add: z.array(z.string()).optional().describe('POSIX capabilities to add, e.g. NET_ADMIN.'),
    drop: z.array(z.string()).optional().describe('POSIX capabilities to remove, e.g. ALL.'),
  })
  .describe('Linux capabilities added to or dropped from the runtime default.');
export type Capabilities = z.infer<typeof Capabilities>;

export const SELinuxOptions = z
  .strictObject({
    user: z.string().optional().describe('SELinux user label.'),
    role: z.string().optional().describe('SELinux role label.'),
    type: z.string().optional().describe('SELinux type label.'),
    level: z.string().optional().describe('SELinux level label.'),
  })
  .describe('SELinux labels applied to the container.');
export type SELinuxOptions = z.infer<typeof SELinuxOptions>;

export const WindowsSecurityContextOptions = z
  .strictObject({
    gmsaCredentialSpecName: z.string().optional().describe('GMSA credential spec to use, by name.'),
    gmsaCredentialSpec: z.string().optional().describe('Inlined contents of the GMSA credential spec.'),
    runAsUserName: z.string().optional().describe('Windows user the entrypoint runs as.'),
    hostProcess: z.boolean().optional().describe('Run as a Windows HostProcess container.'),
  })
  .describe('Windows-specific security settings.');
export type WindowsSecurityContextOptions = z.infer<typeof WindowsSecurityContextOptions>;

export const SeccompProfile = z
  .strictObject({
    type: z.string().describe('Localhost, RuntimeDefault or Unconfined.'),
    localhostProfile: z.string().optional().describe(
      'Profile file on the node, relative to the kubelet seccomp directory.',
    ),
  })
  .describe('The seccomp profile to apply.');
export type SeccompProfile = z.infer<typeof SeccompProfile>;

export const AppArmorProfile = z
  .strictObject({
    type: z.string().describe('Localhost, RuntimeDefault or Unconfined.'),
    localhostProfile: z.string().optional().describe('Name of a profile loaded on the node; only for type Localhost.'),
  })
  .describe('The AppArmor profile to apply.');
export type AppArmorProfile = z.infer<typeof AppArmorProfile>;

export const Sysctl = z
  .strictObject({
    name: z.string().describe('Kernel parameter name.'),
    value: z.string().describe('Value to set.'),
  })
  .describe('A namespaced kernel parameter.');
export type Sysctl = z.infer<typeof Sysctl>;

export const SecurityContext = z
  .strictObject({
    capabilities: Capabilities.optional().describe('Capabilities to add or drop.'),
    privileged: z.boolean().optional().describe('Run as privileged, like root on the host.'),
    seLinuxOptions: SELinuxOptions.optional().describe('SELinux context; overrides the pod value.'),
    windowsOptions: WindowsSecurityContextOptions.optional().describe('Windows settings; overrides the pod value.'),
    runAsUser: Int64.optional().describe('UID the entrypoint runs as; overrides the pod value.'),
    runAsGroup: Int64.optional().describe('Primary GID of the entrypoint; overrides the pod value.'),
    runAsNonRoot: z.boolean().optional().describe('Refuse to start the container if it would run as UID 0.'),
    readOnlyRootFilesystem: z.boolean().optional().describe('Mount the root filesystem read-only.'),
    allowPrivilegeEscalation: z.boolean().optional().describe(
      'Whether a process may gain more privileges than its parent.',
    ),
    procMount: z.string().optional().describe('Default or Unmasked /proc mount.'),
    seccompProfile: SeccompProfile.optional().describe('Seccomp profile; overrides the pod value.'),
    appArmorProfile: AppArmorProfile.optional().describe('AppArmor profile; overrides the pod value.'),
  })
  .describe('Security settings of one container; they take precedence over the pod\'s.');
export type SecurityContext = z.infer<typeof SecurityContext>;

export const PodSecurityContext = z
  .strictObject({
    seLinuxOptions: SELinuxOptions.optional().describe('SELinux context for all containers.'),
    windowsOptions: WindowsSecurityContextOptions.optional().describe('Windows settings for all containers.'),
    runAsUser: Int64.optional().describe('UID container entrypoints run as by default.'),
    runAsGroup: Int64.optional().describe('Primary GID of container entrypoints by default.'),
    runAsNonRoot: z.boolean().optional().describe('Refuse to start containers that would run as UID 0.'),
    supplementalGroups: z.array(Int64).optional().describe('Extra GIDs added to each container process.'),
    supplementalGroupsPolicy: z
      .string()
      .optional()
      .describe('Merge (default) or Strict: whether groups from the image\'s /etc/group are added.'),
    fsGroup: Int64.optional().describe('GID that owns supported volumes and is added to every container.'),
    sysctls: z.array(Sysctl).optional().describe('Namespaced sysctls set for the pod.'),
    fsGroupChangePolicy: z.string().optional().describe('OnRootMismatch or Always: when volume ownership is changed.'),
    seccompProfile: SeccompProfile.optional().describe('Seccomp profile for all containers.'),
    appArmorProfile: AppArmorProfile.optional().describe('AppArmor profile for all containers.'),
    seLinuxChangePolicy: z.string().optional().describe('MountOption or Recursive: how SELinux labels reach volumes.'),
  })
  .describe('Security settings applied to the whole pod.');
export type PodSecurityContext = z.infer<typeof PodSecurityContext>;
