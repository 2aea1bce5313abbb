import Foundation
import Testing
import TestSupport
@testable import SyscallSpec

@Suite struct SmokeTests {
    @Test func realCatalogueLoads() throws {
        let catalogue = try Catalogue.load(directory: TestSupport.specDirectory).get()
        #expect(catalogue.specs.map(\.name).contains("process_mrelease"))
    }
    @Test func cliListsTheCatalogue() throws {
        let result = try TestSupport.sysshim(["list"], in: TestSupport.packageRoot)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("process_mrelease  448"))
    }
}
