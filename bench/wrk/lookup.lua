-- wrk script: JSON lookups through the gateway, rotating accounts and citizens.
-- Reads bench accounts and CCCDs from files written by bench/gateway_wrk.sh.
local accounts, cccds = {}, {}
for line in io.lines(os.getenv("BENCH_DIR") .. "/accounts.txt") do accounts[#accounts + 1] = line end
for line in io.lines(os.getenv("BENCH_DIR") .. "/cccds.txt") do cccds[#cccds + 1] = line end
local key = io.open(os.getenv("BENCH_DIR") .. "/var/demo-api-key.txt"):read("*l")
local soap = os.getenv("BENCH_SOAP") == "1"
local n = 0
request = function()
  n = n + 1
  local account = accounts[(n % #accounts) + 1]
  local cccd = cccds[(n % #cccds) + 1]
  if soap then
    local body = '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:dan="http://dancuquocgia.bca"><soapenv:Header/><soapenv:Body><dan:TraCuuThongTinCongDan>'
      .. '<dan:MaYeuCau>HS-' .. n .. '</dan:MaYeuCau><dan:MaDVC>XMCD-04</dan:MaDVC><dan:MaTichHop>037</dan:MaTichHop>'
      .. '<dan:MaCanBo>' .. account .. '</dan:MaCanBo><dan:TaiKhoan>' .. account .. '</dan:TaiKhoan>'
      .. '<dan:SoDinhDanh>' .. cccd .. '</dan:SoDinhDanh></dan:TraCuuThongTinCongDan></soapenv:Body></soapenv:Envelope>'
    return wrk.format("POST", "/soap", {["X-API-Key"] = key, ["Content-Type"] = "text/xml; charset=utf-8"}, body)
  end
  local body = '{"account":"' .. account .. '","purpose":"XMCD-04","dossier":"HS-' .. n .. '","cccd":"' .. cccd .. '"}'
  return wrk.format("POST", "/api/v1/lookups", {["X-API-Key"] = key, ["Content-Type"] = "application/json"}, body)
end

local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  io.write(string.format("p50=%.2fms p99=%.2fms\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
