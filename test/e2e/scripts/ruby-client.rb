# ruby-kubeclient against Skiff: its watches use the legacy /api/v1/watch/... paths.
require 'json'
require 'kubeclient'

ctx = Kubeclient::Config.read(ARGV[0]).context
client = Kubeclient::Client.new("#{ctx.api_endpoint}/api", 'v1', ssl_options: ctx.ssl_options, auth_options: ctx.auth_options)
rv = client.get_config_maps(namespace: 'default').resourceVersion
client.create_config_map(Kubeclient::Resource.new(metadata: { name: 'rb-other', namespace: 'default' }, data: { a: '1' }))
client.create_config_map(Kubeclient::Resource.new(metadata: { name: 'rb-watched', namespace: 'default' }, data: { a: '1' }))

def follow(watcher, until_name)
  watcher.each do |notice|
    puts({ watch: until_name, type: notice.type, name: notice.object.metadata.name }.to_json)
    $stdout.flush
    break if notice.object.metadata.name == until_name
  end
ensure
  watcher.finish
end

follow(client.watch_config_maps(namespace: 'default', resource_version: rv), 'rb-watched')
follow(client.watch_config_maps(namespace: 'default', name: 'rb-watched', resource_version: rv), 'rb-watched')
