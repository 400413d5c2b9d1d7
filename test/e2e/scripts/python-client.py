"""The Kubernetes Python client against Skiff: VersionApi (GET /version/) and Watch().stream (watch=True)."""
import json
import sys

from kubernetes import client, config, watch

config.load_kube_config(sys.argv[1])
print(json.dumps({"version": client.VersionApi().get_code().git_version}), flush=True)
core = client.CoreV1Api()
rv = core.list_namespaced_config_map("default").metadata.resource_version
core.create_namespaced_config_map("default", {"metadata": {"name": "py-watched"}, "data": {"a": "1"}})
w = watch.Watch()
for event in w.stream(core.list_namespaced_config_map, "default", resource_version=rv, timeout_seconds=20):
    name = event["object"].metadata.name
    print(json.dumps({"type": event["type"], "name": name}), flush=True)
    if name == "py-watched":
        w.stop()
